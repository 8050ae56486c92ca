import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from '../../common/validation/page.dto.js';

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
export class MenuItemPageDto extends PageDto<MenuItemDto> {
  @ApiProperty({ type: [MenuItemDto] })
  items: MenuItemDto[];
}
