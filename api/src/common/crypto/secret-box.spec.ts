import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox('a-master-secret-of-enough-length!!', 'verify-request-id');

  it('opens what it sealed, and never stores the plaintext', () => {
    const sealed = box.seal('c11236f4-00bf-4b89-84ba-88b25df97315');
    expect(sealed).not.toContain('c11236f4');
    expect(box.open(sealed)).toBe('c11236f4-00bf-4b89-84ba-88b25df97315');
  });

  it('seals the same text differently each time', () => {
    expect(box.seal('x')).not.toBe(box.seal('x'));
  });

  it("refuses a tampered ciphertext and another purpose's key", () => {
    const sealed = box.seal('secret');
    const [iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(() => box.open([iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => new SecretBox('a-master-secret-of-enough-length!!', 'other').open(sealed)).toThrow();
  });
});
