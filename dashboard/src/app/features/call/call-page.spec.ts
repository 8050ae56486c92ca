import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { SupportVideoDto } from '../../api/models';
import { ApiProblem } from '../../core/http/api-problem';
import { CALL_BACKEND, type CallBackend, VIDEO_CALL_FACTORY } from './call-backend';
import CallPage from './call-page';
import { CallFailure, type VideoCall, type VideoCallJoin, type VideoCallListener } from './video-call';

/** A VideoCall the test drives: it records what the page asked and lets the test play the other side. */
class FakeCall implements VideoCall {
  listener?: VideoCallListener;
  joined?: VideoCallJoin;
  mic: boolean[] = [];
  camera: boolean[] = [];
  left = 0;
  failWith?: CallFailure;

  async join(options: VideoCallJoin, listener: VideoCallListener): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.joined = options;
    this.listener = listener;
    listener.connected('conn-1');
    listener.state('waiting');
  }
  setMicrophone(on: boolean) {
    this.mic.push(on);
  }
  setCamera(on: boolean) {
    this.camera.push(on);
  }
  leave() {
    this.left += 1;
  }
}

const videoAnswer: SupportVideoDto = {
  provider: 'video',
  applicationId: 'app-1',
  sessionId: 'session-1',
  token: 'token-1',
  role: 'moderator',
  expiresAt: '2030-01-01T00:00:00.000Z',
  relayUrl: 'http://127.0.0.1:3100',
};

describe('CallPage', () => {
  let fake: FakeCall;
  let backend: { [K in keyof CallBackend]: CallBackend[K] } & Record<string, unknown>;
  let made: SupportVideoDto[];

  async function open(
    side: 'staff' | 'customer',
    answer: SupportVideoDto | ApiProblem = videoAnswer,
    failWith?: CallFailure,
  ) {
    fake = new FakeCall();
    fake.failWith = failWith;
    made = [];
    backend = {
      side,
      home: side === 'staff' ? '/support' : '/kiosk',
      video: vi.fn(async () => {
        if (answer instanceof ApiProblem) throw answer;
        return answer;
      }),
      reportConnection: vi.fn(async () => undefined),
      ...(side === 'staff' && { markJoined: vi.fn(async () => undefined), close: vi.fn(async () => undefined) }),
    };
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: CALL_BACKEND, useValue: backend },
        { provide: VIDEO_CALL_FACTORY, useValue: (video: SupportVideoDto) => (made.push(video), fake) },
      ],
    });
    const fixture = TestBed.createComponent(CallPage);
    fixture.componentRef.setInput('id', 'sr1');
    await settle(fixture);
    return fixture;
  }

  async function settle(fixture: ComponentFixture<CallPage>) {
    for (let i = 0; i < 3; i++) {
      await fixture.whenStable();
      fixture.detectChanges();
    }
  }

  const status = (fixture: ComponentFixture<CallPage>) =>
    (fixture.nativeElement as HTMLElement).querySelector('[role="status"]')!.textContent.trim();
  const button = (fixture: ComponentFixture<CallPage>, name: string) =>
    [...(fixture.nativeElement as HTMLElement).querySelectorAll('button')].find((b) => b.textContent.trim() === name)!;

  it('joins with the API’s token into its own views, reports the connection and marks the request joined (staff)', async () => {
    const fixture = await open('staff');
    expect(backend.video).toHaveBeenCalledWith('sr1');
    expect(made).toEqual([videoAnswer]);
    expect(fake.joined).toMatchObject({ applicationId: 'app-1', sessionId: 'session-1', token: 'token-1' });
    expect(fake.joined!.selfView.getAttribute('aria-label')).toBe('Your camera');
    expect(backend.reportConnection).toHaveBeenCalledWith('sr1', 'conn-1');
    expect(backend.markJoined).toHaveBeenCalledWith('sr1');
    expect(status(fixture)).toContain('Waiting for the other person');

    fake.listener!.peer('Ada Lovelace');
    fake.listener!.state('connected');
    await settle(fixture);
    expect(status(fixture)).toBe('Connected');
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('with Ada Lovelace');
  });

  it('mutes, turns the camera off, with labels and pressed states that say so', async () => {
    const fixture = await open('customer');
    const mute = button(fixture, 'Mute');
    expect(mute.getAttribute('aria-label')).toBe('Mute microphone');
    mute.click();
    await settle(fixture);
    expect(fake.mic).toEqual([false]);
    expect(button(fixture, 'Unmute').getAttribute('aria-pressed')).toBe('true');
    button(fixture, 'Camera off').click();
    await settle(fixture);
    expect(fake.camera).toEqual([false]);
    expect(button(fixture, 'Camera on').getAttribute('aria-label')).toBe('Turn camera on');
  });

  it('staff hanging up leaves the call and offers to close the request; closing it says so', async () => {
    const fixture = await open('staff');
    button(fixture, 'Hang up').click();
    await settle(fixture);
    expect(fake.left).toBe(1);
    expect(status(fixture)).toBe('You left the call.');
    expect((fixture.nativeElement as HTMLElement).querySelector('[role="alertdialog"]')?.textContent).toContain(
      'Close this support request?',
    );
    button(fixture, 'Close request').click();
    await settle(fixture);
    expect(backend.close).toHaveBeenCalledWith('sr1');
    expect(status(fixture)).toBe('The call has ended and the request is closed.');
    expect((fixture.nativeElement as HTMLElement).querySelector('[role="alertdialog"]')).toBeNull();
  });

  it('the customer sees “call ended” when staff close the request, and no controls any more', async () => {
    const fixture = await open('customer');
    fake.listener!.ended('closed');
    await settle(fixture);
    expect(status(fixture)).toBe('The call has ended. Thank you for calling!');
    expect(button(fixture, 'Hang up')).toBeUndefined();
    expect((fixture.nativeElement as HTMLElement).querySelector('[role="alertdialog"]')).toBeNull();
  });

  it.each([
    [new CallFailure('media-denied', 'refused'), 'Camera or microphone access was refused'],
    [new CallFailure('no-device', 'none'), 'No camera or microphone was found'],
  ])('says what is wrong when media cannot start (%s)', async (failure, text) => {
    const fixture = await open('customer', videoAnswer, failure);
    expect(status(fixture)).toContain(text);
    expect(fake.left).toBe(1);
    expect(button(fixture, 'Hang up')).toBeUndefined();
  });

  it('a closed or expired request is an ended call; an unknown one says there is no such call', async () => {
    const ended = await open('customer', new ApiProblem(409, 'Conflict', 'ended'));
    expect(status(ended)).toContain('The call has ended');
    expect(made).toEqual([]);
    TestBed.resetTestingModule();
    const unknown = await open('customer', new ApiProblem(404, 'Not Found', 'nope'));
    expect(status(unknown)).toBe('There is no such call.');
  });

  it('with the Meetings provider shows the room’s link for the caller’s role instead of a call', async () => {
    const fixture = await open('staff', {
      provider: 'meetings',
      role: 'host',
      url: 'https://meetings.example/host',
      expiresAt: videoAnswer.expiresAt,
    });
    const link = (fixture.nativeElement as HTMLElement).querySelector<HTMLAnchorElement>('.meeting a')!;
    expect(link.getAttribute('href')).toBe('https://meetings.example/host');
    expect(made).toEqual([]);
    expect(button(fixture, 'Hang up')).toBeUndefined();
  });
});
