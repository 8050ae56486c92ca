/** "+447700900123" -> "+44•••••••0123": enough to recognise, not enough to harvest. */
export function maskPhone(phone: string): string {
  const visibleEnd = 4;
  const visibleStart = Math.min(3, phone.length - visibleEnd);
  return (
    phone.slice(0, visibleStart) +
    '•'.repeat(Math.max(0, phone.length - visibleStart - visibleEnd)) +
    phone.slice(-visibleEnd)
  );
}

/** "ada.lovelace@example.com" -> "a•••@example.com" */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${local.slice(0, 1)}•••@${domain}`;
}
