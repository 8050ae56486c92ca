import { Injectable, inject } from '@angular/core';
import { Api } from '../../api/api';
import { supportRequestsChangeState } from '../../api/fn/support/support-requests-change-state';
import { supportRequestsList } from '../../api/fn/support/support-requests-list';
import { SupportRequestDto } from '../../api/models';
import { ApiProblem } from '../http/api-problem';

/** Staff's side of support requests: the open ones, and moving them to joined or closed. */
@Injectable({ providedIn: 'root' })
export class SupportRequests {
  private readonly api = inject(Api);

  /** Open and joined requests, newest first. @throws ApiProblem */
  async listActive(): Promise<SupportRequestDto[]> {
    const page = await this.call(() =>
      this.api.invoke(supportRequestsList, { state: ['open', 'joined'], limit: 100 }),
    );
    return page.items;
  }

  /** @throws ApiProblem */
  markJoined(id: string): Promise<SupportRequestDto> {
    return this.call(() =>
      this.api.invoke(supportRequestsChangeState, { id, body: { state: 'joined' } }),
    );
  }

  /** @throws ApiProblem */
  close(id: string): Promise<SupportRequestDto> {
    return this.call(() =>
      this.api.invoke(supportRequestsChangeState, { id, body: { state: 'closed' } }),
    );
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw ApiProblem.from(error);
    }
  }
}
