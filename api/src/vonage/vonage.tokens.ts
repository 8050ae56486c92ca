/** DI token of the configured @vonage/server-sdk client. */
export const VONAGE_CLIENT = Symbol('VONAGE_CLIENT');
