export const TOKEN_ISSUER = 'tabletalk-api';
export const ACCESS_TOKEN_AUDIENCE = 'tabletalk:access';
