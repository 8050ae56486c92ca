import type OTNamespace from '@vonage/client-sdk-video';
import {
  CallFailure,
  type EndReason,
  mediaFailure,
  nameFromConnectionData,
  ROOM_ENDED_SIGNAL,
  type VideoCall,
  type VideoCallJoin,
  type VideoCallListener,
} from './video-call';

type OT = typeof OTNamespace;
type Session = ReturnType<OT['initSession']>;
type Publisher = ReturnType<OT['initPublisher']>;

/** Loads Vonage's client SDK (≈3 MB) only when a call starts: a lazy chunk of its own. */
export async function loadVonageClient(): Promise<OT> {
  const module = (await import('@vonage/client-sdk-video')) as unknown as { default?: OT } & OT;
  return module.default ?? module;
}

/** Production calls: `@vonage/client-sdk-video` (OpenTok.js) against Vonage's Video API. */
export class VonageVideoCall implements VideoCall {
  private session?: Session;
  private publisher?: Publisher;
  private done = false;

  constructor(private readonly load: () => Promise<OT> = loadVonageClient) {}

  async join(options: VideoCallJoin, listener: VideoCallListener): Promise<void> {
    listener.state('starting');
    const OT = await this.load();
    if (OT.checkSystemRequirements() !== 1) throw new CallFailure('failed', 'This browser cannot hold video calls');
    const view = { insertMode: 'append' as const, width: '100%', height: '100%', showControls: false };

    this.publisher = await new Promise<Publisher>((resolve, reject) => {
      const publisher = OT.initPublisher(options.selfView, { ...view, name: options.name }, (error) =>
        error ? reject(mediaFailure(error)) : resolve(publisher),
      );
    });

    const session = OT.initSession(options.applicationId, options.sessionId);
    this.session = session;
    session.on('streamCreated', (event) => {
      session.subscribe(event.stream, options.remoteView, view, () => undefined);
      listener.peer(nameFromConnectionData(event.stream.connection.data));
      listener.state('connected');
    });
    session.on('streamDestroyed', () => !this.done && listener.state('waiting'));
    session.on(`signal:${ROOM_ENDED_SIGNAL}`, () => this.end(listener, 'closed'));
    session.on('sessionReconnecting', () => listener.state('reconnecting'));
    session.on('sessionReconnected', () => listener.state('connected'));
    session.on('sessionDisconnected', (event) => {
      if (this.done) return;
      if ((event as { reason?: string }).reason === 'forceDisconnected') this.end(listener, 'disconnected');
      else listener.state('lost');
    });
    await new Promise<void>((resolve, reject) =>
      session.connect(options.token, (error) => (error ? reject(new CallFailure('failed', error.message)) : resolve())),
    );
    listener.connected(session.connection!.connectionId);
    listener.state('waiting');
    session.publish(this.publisher, () => undefined);
  }

  setMicrophone(on: boolean): void {
    this.publisher?.publishAudio(on);
  }

  setCamera(on: boolean): void {
    this.publisher?.publishVideo(on);
  }

  leave(): void {
    if (this.done) return;
    this.done = true;
    // Leaving does not wait for the goodbye to reach Vonage: if it fails, the session times out on their side.
    void this.session?.disconnect();
    this.publisher?.destroy();
  }

  private end(listener: VideoCallListener, reason: EndReason): void {
    if (this.done) return;
    this.leave();
    listener.ended(reason);
  }
}
