import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsMongoId,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PlainText } from '../../common/validation/plain-text.js';

export class OrderLineInputDto {
  /** @example "6650f0c2a1b2c3d4e5f60718" */
  @IsMongoId()
  menuItemId: string;

  /** @example 2 */
  @IsInt()
  @Min(1)
  @Max(50)
  quantity: number;

  /** For the kitchen. @example "No basil, please" */
  @IsOptional()
  @IsString()
  @PlainText()
  @MaxLength(200)
  note?: string;
}

/** The customer agreed to order texts: how, and the exact words they were shown. */
export class TextConsentDto {
  /** kiosk: the kiosk's checkbox; api: an integrator's own consent step. @example "kiosk" */
  @IsIn(['kiosk', 'api'])
  source: 'kiosk' | 'api';

  /** The exact wording shown next to the checkbox, kept for a carrier audit. @example "Text me updates about this order. Msg & data rates may apply. Reply STOP to opt out." */
  @IsString()
  @PlainText()
  @MinLength(10)
  @MaxLength(500)
  wording: string;
}

export class CreateOrderDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OrderLineInputDto)
  items: OrderLineInputDto[];

  /** Send the same key again (e.g. after a network error) to get the same order instead of a second one. @example "3f1c8a4e-checkout-1" */
  @IsOptional()
  @IsString()
  @Matches(/^[\w.:-]{8,100}$/, { message: 'idempotencyKey must be 8-100 letters, digits, or . _ : -' })
  idempotencyKey?: string;

  /** Consent to order texts, recorded against the customer's number (with history). */
  @IsOptional()
  @ValidateNested()
  @Type(() => TextConsentDto)
  textConsent?: TextConsentDto;
}
