import { inject, type Signal, signal } from '@angular/core';
import { SESSION_STORAGE } from './browser-storage';

/** A signal whose value is kept in the tab's sessionStorage: it survives a reload, not the tab. */
export type SessionSignal<T> = Signal<T | null> & {
  /** Sets the value and stores it; null removes the stored copy. */
  set(value: T | null): void;
};

export interface SessionSignalOptions<T> {
  /**
   * Turns what was stored (already JSON-parsed, never null) into a value, or null when it is not one: the
   * storage outlives a deploy, so an older shape or a hand-edited copy must not reach the app.
   */
  parse?: (stored: unknown) => T | null;
  /** Defaults to SESSION_STORAGE (needs an injection context then). */
  storage?: Storage;
}

/**
 * One value under `key` in sessionStorage, read once at creation and written on every `set`.
 * Unreadable JSON reads as null.
 */
export function sessionSignal<T>(key: string, options: SessionSignalOptions<T> = {}): SessionSignal<T> {
  const storage = options.storage ?? inject(SESSION_STORAGE);
  const parse = options.parse ?? ((stored: unknown) => stored as T | null);
  const state = signal<T | null>(read());

  function read(): T | null {
    const raw = storage.getItem(key);
    if (raw === null) return null;
    try {
      return parse(JSON.parse(raw)) ?? null;
    } catch {
      return null;
    }
  }

  return Object.assign(state.asReadonly(), {
    set(value: T | null): void {
      if (value === null) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify(value));
      state.set(value);
    },
  });
}
