import { DOCUMENT, inject, Injectable, signal } from '@angular/core';

const MUTED_KEY = 'tabletalk.chime.muted';

/**
 * A short two-note chime (WebAudio, no sound file) for new orders and support requests. Muting
 * is remembered in this browser. Browsers only play sound after the page has been interacted
 * with; until then the chime is silently skipped (the highlight still shows).
 */
@Injectable({ providedIn: 'root' })
export class Chime {
  private readonly window = inject(DOCUMENT).defaultView;
  private context: AudioContext | null = null;
  readonly muted = signal(this.read());

  toggleMuted(): void {
    this.muted.update((muted) => !muted);
    try {
      this.window?.localStorage.setItem(MUTED_KEY, String(this.muted()));
    } catch {
      // Storage may be unavailable (private mode): the setting then lasts for this page.
    }
  }

  play(): void {
    if (this.muted()) return;
    const AudioContextClass = this.window?.AudioContext;
    if (!AudioContextClass) return;
    try {
      this.context ??= new AudioContextClass();
      const context = this.context;
      if (context.state === 'suspended') void context.resume().catch(() => undefined);
      const start = context.currentTime;
      [880, 1320].forEach((frequency, index) => {
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.type = 'sine';
        oscillator.frequency.value = frequency;
        const at = start + index * 0.15;
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.3);
        oscillator.connect(gain).connect(context.destination);
        oscillator.start(at);
        oscillator.stop(at + 0.32);
      });
    } catch {
      // No audio device or not allowed yet: the visual highlight is enough.
    }
  }

  private read(): boolean {
    try {
      return this.window?.localStorage.getItem(MUTED_KEY) === 'true';
    } catch {
      return false;
    }
  }
}
