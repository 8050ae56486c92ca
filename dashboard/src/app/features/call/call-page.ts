import {
  ChangeDetectionStrategy,
  Component,
  computed,
  type ElementRef,
  inject,
  input,
  type OnDestroy,
  signal,
  viewChild,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { ApiProblem } from '../../core/http/api-problem';
import { Icon } from '../../shared/icon/icon';
import { CALL_BACKEND, VIDEO_CALL_FACTORY } from './call-backend';
import { CallFailure, type CallState, type EndReason, type VideoCall } from './video-call';

/** What the page says in each state (also read out by screen readers through the live region). */
const STATE_COPY: Record<CallState, string> = {
  starting: 'Starting your camera…',
  waiting: 'Waiting for the other person to join…',
  connected: 'Connected',
  reconnecting: 'Connection interrupted, reconnecting…',
  lost: 'Connection lost. Check your network and try again.',
  ended: 'The call has ended.',
  'media-denied': 'Camera or microphone access was refused. Allow them in your browser to join the call.',
  'no-device': 'No camera or microphone was found. Connect one to join the call.',
  failed: 'The call could not start.',
};

/**
 * The support call, for both sides: staff at /support/:id/call (moderator), the customer at the
 * kiosk's /kiosk/call/:id (publisher). The API says how to join; a VideoCall carries the call.
 */
@Component({
  selector: 'tt-call-page',
  imports: [Icon, RouterLink],
  templateUrl: './call-page.html',
  styleUrl: './call-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class CallPage implements OnDestroy {
  private readonly backend = inject(CALL_BACKEND);
  private readonly makeCall = inject(VIDEO_CALL_FACTORY);

  /** The support request (route parameter). */
  readonly id = input.required<string>();

  private readonly selfView = viewChild.required<ElementRef<HTMLElement>>('selfView');
  private readonly remoteView = viewChild.required<ElementRef<HTMLElement>>('remoteView');

  protected readonly side = this.backend.side;
  protected readonly home = this.backend.home;
  protected readonly state = signal<CallState>('starting');
  protected readonly detail = signal<string | null>(null);
  protected readonly endReason = signal<EndReason | null>(null);
  protected readonly peerName = signal<string | null>(null);
  protected readonly micOn = signal(true);
  protected readonly cameraOn = signal(true);
  /** Meetings provider: the hosted room's link instead of an in-page call. */
  protected readonly meetingUrl = signal<string | null>(null);
  /** Staff after hanging up: close the request too? */
  protected readonly offerClose = signal(false);
  protected readonly closed = signal(false);
  protected readonly busy = signal(false);

  protected readonly inCall = computed(() =>
    ['starting', 'waiting', 'connected', 'reconnecting'].includes(this.state()),
  );
  protected readonly message = computed(() => {
    if (this.state() === 'ended') {
      if (this.closed()) return 'The call has ended and the request is closed.';
      if (this.endReason() === 'closed' || this.endReason() === 'disconnected')
        return this.side === 'customer'
          ? 'The call has ended. Thank you for calling!'
          : 'The call has ended: the request was closed.';
      return 'You left the call.';
    }
    return this.detail() ?? STATE_COPY[this.state()];
  });

  private call?: VideoCall;

  constructor() {
    // Inputs are set before the first render; the views exist after it.
    queueMicrotask(() => void this.start());
  }

  ngOnDestroy(): void {
    this.call?.leave();
  }

  protected toggleMicrophone(): void {
    this.micOn.update((on) => !on);
    this.call?.setMicrophone(this.micOn());
  }

  protected toggleCamera(): void {
    this.cameraOn.update((on) => !on);
    this.call?.setCamera(this.cameraOn());
  }

  protected hangUp(): void {
    this.call?.leave();
    this.endReason.set('hung-up');
    this.state.set('ended');
    if (this.side === 'staff') this.offerClose.set(true);
  }

  protected async closeRequest(): Promise<void> {
    if (!this.backend.close || this.busy()) return;
    this.busy.set(true);
    try {
      await this.backend.close(this.id());
      this.closed.set(true);
      this.offerClose.set(false);
    } catch (error) {
      this.detail.set(ApiProblem.from(error).detail);
    } finally {
      this.busy.set(false);
    }
  }

  protected keepOpen(): void {
    this.offerClose.set(false);
  }

  private async start(): Promise<void> {
    let video;
    try {
      video = await this.backend.video(this.id());
    } catch (error) {
      const problem = ApiProblem.from(error);
      this.state.set(problem.status === 409 ? 'ended' : 'failed');
      if (problem.status === 409) this.endReason.set('closed');
      else this.detail.set(problem.status === 404 ? 'There is no such call.' : problem.detail);
      return;
    }
    if (video.provider === 'meetings') {
      this.meetingUrl.set(video.url ?? null);
      this.state.set('waiting');
      this.detail.set('This call takes place in a Vonage Meetings room.');
      if (this.side === 'staff') void this.backend.markJoined?.(this.id()).catch(() => undefined);
      return;
    }
    const call = this.makeCall(video);
    this.call = call;
    try {
      await call.join(
        {
          applicationId: video.applicationId!,
          sessionId: video.sessionId!,
          token: video.token!,
          selfView: this.selfView().nativeElement,
          remoteView: this.remoteView().nativeElement,
          name: this.side === 'staff' ? 'TableTalk staff' : 'Customer',
        },
        {
          state: (state) => {
            if (this.state() !== 'ended') this.state.set(state);
          },
          connected: (connectionId) => {
            // Reported so closing the request can force-disconnect us; a failure only loses that.
            void this.backend.reportConnection(this.id(), connectionId).catch(() => undefined);
            if (this.side === 'staff') void this.backend.markJoined?.(this.id()).catch(() => undefined);
          },
          peer: (name) => this.peerName.set(name),
          ended: (reason) => {
            this.endReason.set(reason);
            this.state.set('ended');
          },
        },
      );
    } catch (error) {
      call.leave();
      const failure =
        error instanceof CallFailure ? error : new CallFailure('failed', String((error as Error)?.message ?? error));
      this.state.set(failure.state);
      if (failure.state === 'failed') this.detail.set(`The call could not start: ${failure.message}`);
    }
  }
}
