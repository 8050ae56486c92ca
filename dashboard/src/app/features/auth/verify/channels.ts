import type { VerifyChannel } from '../../../core/auth/pending-verification';
import type { IconName } from '../../../shared/icon/icon';

interface ChannelCopy {
  heading: string;
  /** Completes "We sent a code …". */
  via: string;
  icon: IconName;
}

export const CHANNELS: Readonly<Record<VerifyChannel, ChannelCopy>> = {
  sms: { heading: 'Check your phone', via: 'by SMS', icon: 'phone' },
  whatsapp: { heading: 'Check WhatsApp', via: 'on WhatsApp', icon: 'message' },
  email: { heading: 'Check your email', via: 'by email', icon: 'mail' },
};

/** 65 → "1:05": how long until the code expires or can be resent. */
export function formatCountdown(totalSeconds: number): string {
  const seconds = Math.max(0, Math.ceil(totalSeconds));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
