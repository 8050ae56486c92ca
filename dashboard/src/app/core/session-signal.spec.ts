import { TestBed } from '@angular/core/testing';
import { MemoryStorage } from '../testing/memory-storage';
import { SESSION_STORAGE } from './browser-storage';
import { sessionSignal } from './session-signal';

interface Draft {
  table: number;
}

const parseDraft = (stored: unknown): Draft | null =>
  typeof (stored as Partial<Draft>).table === 'number' ? (stored as Draft) : null;

describe('sessionSignal', () => {
  let storage: MemoryStorage;

  beforeEach(() => {
    storage = new MemoryStorage();
  });

  it('starts from what the tab stored before (a reload keeps the value)', () => {
    storage.setItem('k', JSON.stringify({ table: 4 }));
    expect(sessionSignal<Draft>('k', { storage, parse: parseDraft })()).toEqual({ table: 4 });
  });

  it('stores every value it is set to, and null removes the stored copy', () => {
    const draft = sessionSignal<Draft>('k', { storage });
    draft.set({ table: 7 });
    expect(draft()).toEqual({ table: 7 });
    expect(JSON.parse(storage.getItem('k')!)).toEqual({ table: 7 });
    expect(sessionSignal<Draft>('k', { storage })()).toEqual({ table: 7 });

    draft.set(null);
    expect(draft()).toBeNull();
    expect(storage.getItem('k')).toBeNull();
  });

  it('reads a copy its parser refuses, or broken JSON, as null', () => {
    storage.setItem('shape', JSON.stringify({ table: 'four' }));
    storage.setItem('broken', '{not json');
    expect(sessionSignal<Draft>('shape', { storage, parse: parseDraft })()).toBeNull();
    expect(sessionSignal<Draft>('broken', { storage, parse: parseDraft })()).toBeNull();
  });

  it('uses the injected SESSION_STORAGE by default', () => {
    TestBed.configureTestingModule({ providers: [{ provide: SESSION_STORAGE, useValue: storage }] });
    const draft = TestBed.runInInjectionContext(() => sessionSignal<Draft>('k'));
    draft.set({ table: 2 });
    expect(storage.getItem('k')).toBe('{"table":2}');
  });
});
