import { Throttle } from '@nestjs/throttler';

/**
 * The stricter per-client limit for sign-in steps (password, code, resend). Resolved per request
 * from the validated configuration, which ConfigModule has written into process.env.
 */
export const AuthThrottle = () =>
  Throttle({
    default: {
      limit: () => Number(process.env.AUTH_THROTTLE_LIMIT),
      ttl: () => Number(process.env.THROTTLE_TTL_MS),
    },
  });
