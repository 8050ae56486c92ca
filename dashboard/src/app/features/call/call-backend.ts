import { inject, Injectable, InjectionToken } from '@angular/core';
import { Api } from '../../api/api';
import { supportVideoConnection } from '../../api/fn/support/support-video-connection';
import { supportVideoVideo } from '../../api/fn/support/support-video-video';
import type { SupportVideoDto } from '../../api/models';
import { ApiProblem } from '../../core/http/api-problem';
import { SupportRequests } from '../../core/notifications/support-requests';
import { RelayVideoCall } from './relay-video-call';
import type { VideoCall } from './video-call';
import { VonageVideoCall } from './vonage-video-call';

/** What the call page needs from the API, per side. Every method @throws ApiProblem. */
export interface CallBackend {
  readonly side: 'staff' | 'customer';
  /** Where "Back" leads. */
  readonly home: string;
  video(id: string): Promise<SupportVideoDto>;
  reportConnection(id: string, connectionId: string): Promise<void>;
  /** Staff only: taking the call marks the request joined. */
  markJoined?(id: string): Promise<void>;
  /** Staff only: closing the request ends the call for everyone. */
  close?(id: string): Promise<void>;
}

export const CALL_BACKEND = new InjectionToken<CallBackend>('CALL_BACKEND');

/** Picks the call's carrier: the sandbox's relay when the API says it runs against the sandbox, else Vonage's SDK. */
export const VIDEO_CALL_FACTORY = new InjectionToken<(video: SupportVideoDto) => VideoCall>('VIDEO_CALL_FACTORY', {
  providedIn: 'root',
  factory: () => (video) => (video.relayUrl ? new RelayVideoCall(video.relayUrl) : new VonageVideoCall()),
});

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw ApiProblem.from(error);
  }
}

/** Uses whichever Api the route provides: the staff one, or the kiosk's customer-token one. */
abstract class ApiCallBackend implements CallBackend {
  protected readonly api = inject(Api);
  abstract readonly side: 'staff' | 'customer';
  abstract readonly home: string;

  video(id: string): Promise<SupportVideoDto> {
    return call(() => this.api.invoke(supportVideoVideo, { id }));
  }

  async reportConnection(id: string, connectionId: string): Promise<void> {
    await call(() => this.api.invoke(supportVideoConnection, { id, body: { connectionId } }));
  }
}

@Injectable()
export class StaffCallBackend extends ApiCallBackend {
  private readonly requests = inject(SupportRequests);
  readonly side = 'staff' as const;
  readonly home = '/support';

  async markJoined(id: string): Promise<void> {
    await this.requests.markJoined(id);
  }

  async close(id: string): Promise<void> {
    await this.requests.close(id);
  }
}

@Injectable()
export class CustomerCallBackend extends ApiCallBackend {
  readonly side = 'customer' as const;
  readonly home = '/kiosk';
}
