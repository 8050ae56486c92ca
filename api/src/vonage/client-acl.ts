/** Vonage ACL: path globs (`*` one segment, `**` any depth), each optionally limited to methods. */
export interface VonageAcl {
  paths: Record<string, { methods?: string[] }>;
}

/**
 * The least a dashboard needs: open a Client SDK session, and read (only read) one conversation
 * and what is under it (events, members). Vonage's sample ACL grants every conversation and
 * every method; a leaked token of ours can only watch the staff channel.
 */
export function listenOnlyAcl(conversationId: string): VonageAcl {
  return {
    paths: {
      '/*/sessions/**': {},
      [`/*/conversations/${conversationId}/**`]: { methods: ['GET'] },
    },
  };
}
