/**
 * On these machines WebRTC test traffic must stay on loopback (../shared/webrtc-offline.md):
 * Chromium gathers candidates on every interface, and ICE checks every remote candidate it is
 * given, so the relay forwards only candidates on 127.0.0.0/8 or ::1. Production is unaffected:
 * behind Vonage the media goes through Vonage's servers.
 */
export function isLoopbackAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** `candidate:<foundation> <component> <transport> <priority> <address> <port> typ …` (RFC 8839); with or without `a=`. */
export function isLoopbackCandidate(candidate: string): boolean {
  const fields = candidate.trim().replace(/^a=/, '').split(/\s+/);
  return fields[0]?.startsWith('candidate:') === true && fields.length >= 8 && isLoopbackAddress(fields[4]);
}

/** The SDP with every non-loopback `a=candidate` line removed; counts what it removed. */
export function filterSdpCandidates(sdp: string): { sdp: string; dropped: number } {
  let dropped = 0;
  const lines = sdp.split(/\r\n/).filter((line) => {
    if (!line.startsWith('a=candidate:') || isLoopbackCandidate(line)) return true;
    dropped += 1;
    return false;
  });
  return { sdp: lines.join('\r\n'), dropped };
}
