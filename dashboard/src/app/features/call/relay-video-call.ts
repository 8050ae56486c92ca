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

interface Peer {
  connectionId: string;
  data: string;
}
interface RelaySignal {
  from: string;
  kind: 'offer' | 'answer' | 'candidate';
  sdp?: string;
  candidate?: RTCIceCandidateInit | null;
  peer?: Peer;
}

/**
 * Offline calls through the Vonage sandbox: the sandbox checks our Video API token and relays
 * offers, answers and (loopback) ICE candidates between the two pages; media flows directly
 * between the browsers (no STUN/TURN: there is no network). The newcomer makes the offer.
 */
export class RelayVideoCall implements VideoCall {
  private events?: EventSource;
  private pc?: RTCPeerConnection;
  private local?: MediaStream;
  private me?: string;
  private peer?: string;
  private pendingCandidates: RTCIceCandidateInit[] = [];
  /** Signals go out one after another, so the offer always reaches the relay before its candidates. */
  private outbox: Promise<unknown> = Promise.resolve();
  private listener?: VideoCallListener;
  private options?: VideoCallJoin;
  private remoteVideo?: HTMLVideoElement;
  private done = false;

  constructor(private readonly relayUrl: string) {}

  async join(options: VideoCallJoin, listener: VideoCallListener): Promise<void> {
    this.options = options;
    this.listener = listener;
    listener.state('starting');
    if (!navigator.mediaDevices?.getUserMedia)
      throw new CallFailure('no-device', 'This browser cannot use a camera here');
    try {
      this.local = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    } catch (error) {
      throw mediaFailure(error);
    }
    options.selfView.replaceChildren(this.video(this.local, true));
    this.connect();
  }

  setMicrophone(on: boolean): void {
    this.local?.getAudioTracks().forEach((track) => (track.enabled = on));
  }

  setCamera(on: boolean): void {
    this.local?.getVideoTracks().forEach((track) => (track.enabled = on));
  }

  leave(): void {
    this.end('hung-up', false);
  }

  private connect(): void {
    const { sessionId, token } = this.options!;
    const url = `${this.relayUrl}/_sandbox/video/relay/${encodeURIComponent(sessionId)}/events?token=${encodeURIComponent(token)}`;
    const events = new EventSource(url);
    this.events = events;
    events.addEventListener('connected', (event) => {
      const { connectionId, peers } = JSON.parse(event.data as string) as {
        connectionId: string;
        peers: Peer[];
      };
      this.me = connectionId;
      this.listener!.connected(connectionId);
      this.listener!.state('waiting');
      // We are the newcomer: call whoever is already there.
      if (peers[0]) void this.call(peers[0]);
    });
    events.addEventListener('peer-joined', (event) => {
      const peer = JSON.parse(event.data as string) as Peer;
      this.listener!.peer(nameFromConnectionData(peer.data));
    });
    events.addEventListener('peer-left', (event) => {
      const { connectionId } = JSON.parse(event.data as string) as { connectionId: string };
      if (connectionId !== this.peer) return;
      this.resetPeer();
      this.listener!.state('waiting');
    });
    events.addEventListener('signal', (event) => void this.onSignal(JSON.parse(event.data as string) as RelaySignal));
    events.addEventListener('vonage-signal', (event) => {
      const signal = JSON.parse(event.data as string) as { type?: string };
      if (signal.type === ROOM_ENDED_SIGNAL) this.end('closed');
    });
    events.addEventListener('disconnected', () => this.end('disconnected'));
    events.onerror = () => {
      if (this.done) return;
      // EventSource retries by itself while it can; CLOSED means the relay refused us (token expired, session gone).
      this.listener!.state(events.readyState === EventSource.CLOSED ? 'lost' : 'reconnecting');
      if (events.readyState === EventSource.CLOSED) this.teardown();
    };
  }

  private async call(peer: Peer): Promise<void> {
    this.peer = peer.connectionId;
    this.listener!.peer(nameFromConnectionData(peer.data));
    const pc = this.newPeerConnection();
    await pc.setLocalDescription(await pc.createOffer());
    this.send({ kind: 'offer', sdp: pc.localDescription!.sdp });
  }

  private async onSignal(signal: RelaySignal): Promise<void> {
    if (signal.kind === 'offer') {
      this.resetPeer();
      this.peer = signal.from;
      if (signal.peer) this.listener!.peer(nameFromConnectionData(signal.peer.data));
      const pc = this.newPeerConnection();
      await pc.setRemoteDescription({ type: 'offer', sdp: signal.sdp });
      await this.flushCandidates();
      await pc.setLocalDescription(await pc.createAnswer());
      this.send({ kind: 'answer', sdp: pc.localDescription!.sdp });
    } else if (signal.from !== this.peer || !this.pc) {
      return;
    } else if (signal.kind === 'answer') {
      await this.pc.setRemoteDescription({ type: 'answer', sdp: signal.sdp });
      await this.flushCandidates();
    } else if (signal.candidate?.candidate) {
      // Candidates can overtake the description they belong to: hold them until it is set.
      if (this.pc.remoteDescription) await this.pc.addIceCandidate(signal.candidate).catch(() => undefined);
      else this.pendingCandidates.push(signal.candidate);
    }
  }

  private async flushCandidates(): Promise<void> {
    for (const candidate of this.pendingCandidates.splice(0))
      await this.pc?.addIceCandidate(candidate).catch(() => undefined);
  }

  private newPeerConnection(): RTCPeerConnection {
    // No STUN or TURN: on loopback the host candidates are all it takes.
    const pc = new RTCPeerConnection({ iceServers: [] });
    this.pc = pc;
    for (const track of this.local!.getTracks()) pc.addTrack(track, this.local!);
    pc.onicecandidate = ({ candidate }) => candidate && this.send({ kind: 'candidate', candidate: candidate.toJSON() });
    pc.ontrack = ({ streams }) => {
      if (!streams[0] || this.remoteVideo?.srcObject === streams[0]) return;
      this.remoteVideo = this.video(streams[0], false);
      this.options!.remoteView.replaceChildren(this.remoteVideo);
    };
    pc.onconnectionstatechange = () => {
      if (this.pc !== pc || this.done) return;
      if (pc.connectionState === 'connected') this.listener!.state('connected');
      else if (pc.connectionState === 'disconnected') this.listener!.state('reconnecting');
      else if (pc.connectionState === 'failed') this.listener!.state('lost');
    };
    return pc;
  }

  private send(body: Omit<RelaySignal, 'from'>): void {
    if (!this.me || !this.peer) return;
    const { sessionId, token } = this.options!;
    const payload = JSON.stringify({ ...body, from: this.me, to: this.peer });
    this.outbox = this.outbox.then(() =>
      fetch(`${this.relayUrl}/_sandbox/video/relay/${encodeURIComponent(sessionId)}/signal`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: payload,
      }).catch(() => undefined),
    );
  }

  private video(stream: MediaStream, self: boolean): HTMLVideoElement {
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    video.muted = self;
    video.srcObject = stream;
    video.setAttribute('aria-label', self ? 'Your camera' : 'The other person');
    return video;
  }

  private resetPeer(): void {
    this.pc?.close();
    this.pc = undefined;
    this.peer = undefined;
    this.pendingCandidates = [];
    this.remoteVideo = undefined;
    this.options?.remoteView.replaceChildren();
  }

  private teardown(): void {
    this.events?.close();
    this.resetPeer();
    this.local?.getTracks().forEach((track) => track.stop());
  }

  private end(reason: EndReason, tell = true): void {
    if (this.done) return;
    this.done = true;
    this.teardown();
    if (tell) this.listener?.ended(reason);
  }
}
