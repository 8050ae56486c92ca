import { ApiProperty } from '@nestjs/swagger';

export class MenuItemDto {
  @ApiProperty({ example: '6650f0c2a1b2c3d4e5f60718' })
  id: string;

  @ApiProperty({ example: 'Margherita pizza' })
  name: string;

  @ApiProperty({ example: 'San Marzano tomatoes, fior di latte, basil' })
  description: string;

  @ApiProperty({ example: 1150, description: 'Price in cents' })
  priceCents: number;

  @ApiProperty({ example: 12, description: 'Minutes the kitchen needs for it' })
  prepMinutes: number;

  @ApiProperty({ example: true })
  available: boolean;

  @ApiProperty({ example: 'Pizza' })
  category: string;
}

/** A page of the menu, by category then name (the order the kiosk and the menu page show it in). */
export class MenuItemPageDto {
  @ApiProperty({ type: [MenuItemDto] })
  items: MenuItemDto[];

  @ApiProperty({ example: 1 })
  page: number;

  @ApiProperty({ example: 100 })
  limit: number;

  @ApiProperty({ example: 7 })
  total: number;

  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'Pass as `cursor` for the next page; null on the last',
  })
  nextCursor: string | null;
}
