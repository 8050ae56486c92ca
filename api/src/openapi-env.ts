// Documenting the API needs no database; config validation still wants a URI. The connection
// is lazy and the app is closed before it could matter.
process.env.MONGODB_URI ??= 'mongodb://127.0.0.1:9/openapi-export';
process.env.LOG_LEVEL ??= 'silent';
process.env.MONGODB_SERVER_SELECTION_TIMEOUT_MS ??= '100';
process.env.VONAGE_APPLICATION_ID ??= '00000000-0000-4000-8000-000000000000';
process.env.VONAGE_PRIVATE_KEY ??= '-----BEGIN PRIVATE KEY-----\\nnot-used-for-documenting\\n-----END PRIVATE KEY-----';
process.env.VONAGE_SIGNATURE_SECRET ??= 'not-used-for-documenting';
