import { inject, Injectable } from '@angular/core';
import { Api } from '../../api/api';
import { healthReady } from '../../api/fn/health/health-ready';
import { ApiProblem } from '../http/api-problem';

export type ApiHealthState = 'operational' | 'degraded' | 'unreachable';

export interface ApiHealthReport {
  state: ApiHealthState;
  /** The API's own explanation when it is degraded. */
  detail?: string;
  checkedAt: Date;
}

/** Asks the API whether it can do its work (its readiness probe: the process and the database). */
@Injectable({ providedIn: 'root' })
export class ApiHealth {
  private readonly api = inject(Api);

  async check(): Promise<ApiHealthReport> {
    try {
      await this.api.invoke(healthReady);
      return { state: 'operational', checkedAt: new Date() };
    } catch (error) {
      const problem = ApiProblem.from(error);
      return problem.status === 0
        ? { state: 'unreachable', checkedAt: new Date() }
        : { state: 'degraded', detail: problem.detail, checkedAt: new Date() };
    }
  }
}
