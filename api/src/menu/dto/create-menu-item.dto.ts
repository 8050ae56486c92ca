import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { NotBlank, PlainText } from '../../common/validation/plain-text.js';

export class CreateMenuItemDto {
  /** @example "Margherita pizza" */
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  @PlainText()
  @NotBlank()
  name: string;

  /** @example "San Marzano tomatoes, fior di latte, basil" */
  @IsOptional()
  @IsString()
  @MaxLength(300)
  description?: string;

  /** Price in cents. @example 1150 */
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  priceCents: number;

  /** Minutes the kitchen needs for it (default 10); an order is ready by its slowest item. @example 12 */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(240)
  prepMinutes?: number;

  /** @example true */
  @IsOptional()
  @IsBoolean()
  available?: boolean;

  /** @example "Pizza" */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @PlainText()
  @NotBlank()
  category?: string;
}
