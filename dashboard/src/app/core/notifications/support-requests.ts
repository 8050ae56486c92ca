import { inject, Injectable, signal } from '@angular/core';
import { Api } from '../../api/api';
import { supportRequestsChangeState } from '../../api/fn/support/support-requests-change-state';
import { supportRequestsList } from '../../api/fn/support/support-requests-list';
import type { SupportRequestDto } from '../../api/models';
import { ApiProblem } from '../http/api-problem';

/** Staff's side of support requests: the open ones, and moving them to joined or closed. */
@Injectable({ providedIn: 'root' })
export class SupportRequests {
  private readonly api = inject(Api);
  private readonly changes = signal(0);

  /** Goes up after every change made from this tab (a toast's Join, too), so lists can re-read. */
  readonly revision = this.changes.asReadonly();

  /** Open and joined requests, newest first. @throws ApiProblem */
  async listActive(): Promise<SupportRequestDto[]> {
    const page = await this.call(() => this.api.invoke(supportRequestsList, { state: ['open', 'joined'], limit: 100 }));
    return page.items;
  }

  /** @throws ApiProblem */
  markJoined(id: string): Promise<SupportRequestDto> {
    return this.changeState(id, 'joined');
  }

  /** @throws ApiProblem */
  close(id: string): Promise<SupportRequestDto> {
    return this.changeState(id, 'closed');
  }

  private async changeState(id: string, state: 'joined' | 'closed'): Promise<SupportRequestDto> {
    const updated = await this.call(() => this.api.invoke(supportRequestsChangeState, { id, body: { state } }));
    this.changes.update((count) => count + 1);
    return updated;
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw ApiProblem.from(error);
    }
  }
}
