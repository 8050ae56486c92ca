import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { SubmitButton } from './submit-button';

@Component({
  imports: [SubmitButton],
  template: `
    <button ttSubmit type="submit" id="saying" [busy]="busy()" busyLabel="Saving…">Set password</button>
    <button ttSubmit type="submit" id="plain" [busy]="busy()">Send invitation</button>
  `,
})
class Form {
  readonly busy = signal(false);
}

describe('SubmitButton', () => {
  function render() {
    const fixture = TestBed.createComponent(Form);
    fixture.detectChanges();
    const button = (id: string) => (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>(`#${id}`)!;
    return { fixture, button };
  }

  it('is an enabled button with its label while the form is idle', () => {
    const { button } = render();
    expect(button('saying').disabled).toBe(false);
    expect(button('saying').textContent?.trim()).toBe('Set password');
    expect(button('saying').querySelector('.spinner')).toBeNull();
  });

  it('while busy: disabled, a spinner hidden from screen readers, and the busy label when there is one', async () => {
    const { fixture, button } = render();
    fixture.componentInstance.busy.set(true);
    fixture.detectChanges();
    for (const id of ['saying', 'plain']) {
      expect(button(id).disabled).toBe(true);
      expect(button(id).querySelector('.spinner')?.getAttribute('aria-hidden')).toBe('true');
    }
    expect(button('saying').textContent?.trim()).toBe('Saving…');
    expect(button('plain').textContent?.trim()).toBe('Send invitation');

    fixture.componentInstance.busy.set(false);
    fixture.detectChanges();
    expect(button('saying').disabled).toBe(false);
    expect(button('saying').textContent?.trim()).toBe('Set password');
  });
});
