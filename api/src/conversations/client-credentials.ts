/** What a browser needs to listen to one conversation. */
export interface ClientCredentials {
  token: string;
  expiresAt: Date;
  /** Where the client SDK connects (socket) and sends REST calls. */
  client: { url: string; nexmoApiUrl: string };
}

/**
 * Port: issues short-lived client credentials for a transport user, allowed to open a session and
 * to read one conversation, nothing else.
 */
export abstract class ClientCredentialsIssuer {
  abstract issue(input: { userName: string; conversationId: string }): Promise<ClientCredentials>;
}
