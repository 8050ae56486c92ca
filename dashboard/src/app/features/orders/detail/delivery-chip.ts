import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

export type DeliveryState = 'queued' | 'sent' | 'delivered' | 'read' | 'failed' | 'suppressed';

export const DELIVERY_LABELS: Record<DeliveryState, string> = {
  queued: 'Queued',
  sent: 'Sent',
  delivered: 'Delivered ✓',
  read: 'Read ✓✓',
  failed: 'Failed',
  suppressed: 'Opted out',
};

/**
 * How far one text to the customer got, with Vonage's reason when it did not arrive. Text colours
 * are darker than the theme's accents so that every state reads at WCAG AA (≥ 4.5:1) on its tint.
 */
@Component({
  selector: 'tt-delivery-chip',
  template: `<span class="chip" [class]="notification().state" [attr.title]="reason()"
    >{{ label() }}
    @if (showReason() && reason(); as reason) {
      <span class="reason">: {{ reason }}</span>
    }
  </span>`,
  styles: `
    .chip {
      display: inline-flex;
      padding: 0.125rem 0.5rem;
      border-radius: 999px;
      font-size: 0.75rem;
      font-weight: 650;
      white-space: nowrap;
      color: var(--tt-text-muted);
      background: var(--tt-canvas);
      border: 1px solid var(--tt-border);
    }
    .delivered {
      color: #13704b;
      background: var(--tt-success-soft);
      border-color: transparent;
    }
    .read {
      color: #2553c7;
      background: var(--tt-info-soft);
      border-color: transparent;
    }
    .failed {
      color: #b42323;
      background: var(--tt-danger-soft);
      border-color: transparent;
      white-space: normal;
    }
    .suppressed {
      color: #4a4f61;
      background: #eceef3;
      border-color: transparent;
    }
    .reason {
      font-weight: 500;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeliveryChip {
  readonly notification = input.required<{ state: string; error?: string }>();
  /** Cards show the state only (the reason is in the tooltip and the detail panel). */
  readonly showReason = input(true);

  protected readonly label = computed(
    () => DELIVERY_LABELS[this.notification().state as DeliveryState] ?? this.notification().state,
  );
  protected readonly reason = computed(() => {
    const { state, error } = this.notification();
    if (state === 'failed') return error ?? 'no reason given';
    if (state === 'suppressed') return 'the customer replied STOP; nothing was sent';
    return null;
  });
}
