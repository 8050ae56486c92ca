import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { NotificationDto, NotificationState } from '../../../api/models';

const STATE_LABELS: Record<NotificationState, string> = {
  queued: 'Queued',
  submitted: 'Sent',
  delivered: 'Delivered ✓',
  read: 'Read ✓✓',
  rejected: 'Rejected',
  failed: 'Failed',
};

/** How far one text to the customer got, with Vonage's reason when it did not arrive. */
@Component({
  selector: 'tt-delivery-chip',
  template: `<span class="chip" [class]="notification().state" [attr.title]="reason()"
    >{{ label() }}
    @if (reason(); as reason) {
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
    .delivered,
    .read {
      color: var(--tt-success);
      background: var(--tt-success-soft);
      border-color: transparent;
    }
    .read {
      color: var(--tt-info);
      background: var(--tt-info-soft);
    }
    .failed,
    .rejected {
      color: var(--tt-danger);
      background: var(--tt-danger-soft);
      border-color: transparent;
      white-space: normal;
    }
    .reason {
      font-weight: 500;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeliveryChip {
  readonly notification = input.required<NotificationDto>();

  protected readonly label = computed(() => STATE_LABELS[this.notification().state]);
  protected readonly reason = computed(() => {
    const { state, error } = this.notification();
    return state === 'failed' || state === 'rejected' ? (error ?? 'no reason given') : null;
  });
}
