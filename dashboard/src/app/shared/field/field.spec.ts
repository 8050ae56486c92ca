import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FieldControl, LabelledField } from './field';

@Component({
  imports: [FieldControl, LabelledField],
  template: `
    <tt-field label="Email" class="wide" [error]="emailError()">
      <input ttFieldControl id="email" type="email" />
    </tt-field>
    <tt-field label="Nickname" [error]="nicknameError()"><input ttFieldControl /></tt-field>
    <tt-field label="Team"><input ttFieldControl /></tt-field>
  `,
})
class FormPage {
  readonly emailError = signal<string | null>(null);
  readonly nicknameError = signal<string | null>(null);
}

describe('LabelledField', () => {
  function render() {
    const fixture = TestBed.createComponent(FormPage);
    fixture.detectChanges();
    const page = fixture.nativeElement as HTMLElement;
    const input = (label: string) =>
      [...page.querySelectorAll('input')].find((candidate) =>
        [...(candidate.labels ?? [])].some((each) => each.textContent?.trim() === label),
      );
    return {
      fixture,
      page,
      input,
      field: (label: string) => input(label)?.closest('tt-field') ?? null,
      update() {
        fixture.detectChanges();
      },
    };
  }

  it('labels the projected control by its id, so the control is found by its label text', () => {
    const { page, input } = render();

    expect(input('Email')?.id).toBe('email');
    expect(page.querySelector('label[for="email"]')?.textContent?.trim()).toBe('Email');
  });

  it('gives a control without an id a unique one, and labels it with that', () => {
    const { input } = render();

    const nickname = input('Nickname');
    const team = input('Team');
    expect(nickname?.id).toMatch(/\S/);
    expect(team?.id).toMatch(/\S/);
    expect(nickname?.id).not.toBe(team?.id);
  });

  it('is the .field itself and keeps the classes the page gives it', () => {
    const { field } = render();

    expect(field('Email')?.classList).toContain('field');
    expect(field('Email')?.classList).toContain('wide');
  });

  it('with no error shows no message and leaves aria-invalid and aria-describedby off the control', () => {
    const { page, input, field } = render();

    expect(page.querySelector('.field-error')).toBeNull();
    expect(field('Email')?.classList).not.toContain('invalid');
    expect(input('Email')?.hasAttribute('aria-invalid')).toBe(false);
    expect(input('Email')?.hasAttribute('aria-describedby')).toBe(false);
  });

  it('shows an error under the control, marks the field invalid and wires the message to the control', () => {
    const { fixture, page, input, field, update } = render();

    fixture.componentInstance.emailError.set('Enter your email address.');
    update();

    const message = page.querySelector('#email-error');
    expect(message?.classList).toContain('field-error');
    expect(message?.textContent?.trim()).toBe('Enter your email address.');
    expect(field('Email')?.classList).toContain('invalid');
    expect(input('Email')?.getAttribute('aria-invalid')).toBe('true');
    expect(input('Email')?.getAttribute('aria-describedby')).toBe('email-error');
    // Only the field with the error changes.
    expect(field('Nickname')?.classList).not.toContain('invalid');
    expect(input('Nickname')?.hasAttribute('aria-invalid')).toBe(false);
  });

  it('derives the message id from a generated control id too', () => {
    const { fixture, page, input, update } = render();

    fixture.componentInstance.nicknameError.set('Too long.');
    update();

    const describedBy = input('Nickname')?.getAttribute('aria-describedby');
    expect(describedBy).toBe(`${input('Nickname')?.id}-error`);
    expect(page.querySelector(`[id="${describedBy}"]`)?.textContent?.trim()).toBe('Too long.');
  });

  it('takes the message and the ARIA wiring away again once the error is cleared', () => {
    const { fixture, page, input, field, update } = render();
    fixture.componentInstance.emailError.set('Enter your email address.');
    update();

    fixture.componentInstance.emailError.set(null);
    update();

    expect(page.querySelector('#email-error')).toBeNull();
    expect(field('Email')?.classList).not.toContain('invalid');
    expect(input('Email')?.hasAttribute('aria-invalid')).toBe(false);
    expect(input('Email')?.hasAttribute('aria-describedby')).toBe(false);
  });
});
