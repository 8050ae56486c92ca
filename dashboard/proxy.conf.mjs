// `ng serve` forwards API calls to the local Nest API so the app can keep using relative `/api` URLs,
// exactly as it does behind the production reverse proxy.
const apiPort = process.env.API_PORT ?? '3000';

export default {
  '/api': {
    target: `http://127.0.0.1:${apiPort}`,
    secure: false,
    changeOrigin: false,
    logLevel: 'warn',
  },
};
