import { IsString, Matches } from 'class-validator';

export class ReplyParamsDto {
  /** @example "6650f0c2a1b2c3d4e5f60718" */
  @IsString()
  id: string;

  /** A customer reply's id. @example "5b0c6f0e-3a43-4a8e-9a57-6f1c3c0e2b11" */
  @Matches(/^[\w-]{1,64}$/, { message: 'replyId must be a reply id' })
  replyId: string;
}
