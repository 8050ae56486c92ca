import { Global, Module } from '@nestjs/common';
import { SupportConfig, supportConfig, VonageConfig, vonageConfig } from '../config/configuration.js';
import { ClientCredentialsIssuer } from '../conversations/client-credentials.js';
import { ConversationEvents } from '../conversations/conversation-events.js';
import { MeetingRooms } from '../meetings/meeting-rooms.js';
import { MessageSender } from '../messaging/message-sender.js';
import { VerifyGateway } from '../verify/verify.gateway.js';
import { VonageClientCredentials } from './adapters/vonage-client-credentials.js';
import { VonageConversationEvents } from './adapters/vonage-conversation-events.js';
import { VonageMeetingRooms } from './adapters/vonage-meeting-rooms.js';
import { VonageMessageSender } from './adapters/vonage-message.sender.js';
import { VonageVerifyGateway } from './adapters/vonage-verify.gateway.js';
import { VonageVideoRooms } from './adapters/vonage-video-rooms.js';
import { VONAGE_CLIENT } from './vonage.tokens.js';
import { VonageClients } from './vonage-clients.js';

/**
 * The only place that knows Vonage: builds the SDK client from validated config (every host
 * configurable, so the same build talks to Vonage or to the sandbox) and binds the feature
 * ports to their Vonage adapters.
 */
@Global()
@Module({
  providers: [
    {
      provide: VONAGE_CLIENT,
      inject: [vonageConfig.KEY],
      // The SDK's clients are loaded when first used (see VonageClients), not at start-up.
      useFactory: (config: VonageConfig) => new VonageClients(config),
    },
    { provide: VerifyGateway, useClass: VonageVerifyGateway },
    { provide: MessageSender, useClass: VonageMessageSender },
    {
      // SUPPORT_VIDEO picks the room provider: the Video API, or the retired Meetings API.
      provide: MeetingRooms,
      inject: [vonageConfig.KEY, supportConfig.KEY],
      useFactory: (config: VonageConfig, support: SupportConfig) =>
        support.provider === 'meetings' ? new VonageMeetingRooms(config) : new VonageVideoRooms(config),
    },
    { provide: ConversationEvents, useClass: VonageConversationEvents },
    { provide: ClientCredentialsIssuer, useClass: VonageClientCredentials },
  ],
  exports: [VONAGE_CLIENT, VerifyGateway, MeetingRooms, ConversationEvents, ClientCredentialsIssuer, MessageSender],
})
export class VonageModule {}
