import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** The TableTalk logo: a speech bubble on a plate-orange tile, with the word mark beside it. */
@Component({
  selector: 'tt-brand-mark',
  template: `
    <svg class="tile" viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="9" />
      <path
        d="M9 9.5h14a2.5 2.5 0 0 1 2.5 2.5v7a2.5 2.5 0 0 1-2.5 2.5h-6.5L11 25.5v-4H9A2.5 2.5 0 0 1 6.5 19v-7A2.5 2.5 0 0 1 9 9.5z"
      />
      <circle cx="12" cy="15.5" r="1.4" />
      <circle cx="16" cy="15.5" r="1.4" />
      <circle cx="20" cy="15.5" r="1.4" />
    </svg>
    @if (withName()) {
      <span class="name">Table<strong>Talk</strong></span>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.625rem;
      color: inherit;
    }
    .tile {
      width: 2rem;
      height: 2rem;
      flex: none;
    }
    .tile rect {
      fill: var(--tt-accent);
    }
    .tile path {
      fill: #fff;
    }
    .tile circle {
      fill: var(--tt-accent);
    }
    .name {
      font-size: 1.125rem;
      font-weight: 500;
      letter-spacing: -0.01em;
    }
    .name strong {
      font-weight: 750;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BrandMark {
  readonly withName = input(true);
}
