import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountsController, InviteController } from './accounts.controller.js';
import { AccountsService } from './accounts.service.js';

/** Staff accounts run by admins (MessageSender comes from the global VonageModule). */
@Module({
  imports: [UsersModule, AuthModule],
  controllers: [AccountsController, InviteController],
  providers: [AccountsService],
})
export class AccountsModule {}
