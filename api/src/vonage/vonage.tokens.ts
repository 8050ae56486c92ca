/** DI token of the configured Vonage API clients (VonageClients). */
export const VONAGE_CLIENT = Symbol('VONAGE_CLIENT');
