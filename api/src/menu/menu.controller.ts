import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { Public, Roles } from '../common/auth/decorators.js';
import { ApiProblemResponses } from '../common/errors/api-problem-responses.js';
import { ParseObjectIdPipe } from '../common/validation/parse-object-id.pipe.js';
import { CreateMenuItemDto } from './dto/create-menu-item.dto.js';
import { MenuItemDto, MenuItemPageDto } from './dto/menu-item.dto.js';
import { MenuQueryDto } from './dto/menu-query.dto.js';
import { UpdateMenuItemDto } from './dto/update-menu-item.dto.js';
import { MenuService } from './menu.service.js';

@ApiTags('menu')
@Controller('menu')
export class MenuController {
  constructor(private readonly menu: MenuService) {}

  /**
   * The menu customers order from (available items only, unless `includeUnavailable`), by category
   * then name, a page at a time: follow `nextCursor` (`?cursor=`) until it is null.
   */
  @Public()
  @Get()
  @ApiOkResponse({ type: MenuItemPageDto })
  @ApiQuery({ name: 'includeUnavailable', required: false, type: Boolean })
  @ApiProblemResponses([400])
  list(@Query() query: MenuQueryDto): Promise<MenuItemPageDto> {
    return this.menu.list(query);
  }

  /** Adds a menu item. */
  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @Post()
  @ApiCreatedResponse({ type: MenuItemDto })
  @ApiProblemResponses({
    400: undefined,
    401: undefined,
    403: undefined,
    409: 'A menu item with this name already exists',
  })
  create(@Body() body: CreateMenuItemDto): Promise<MenuItemDto> {
    return this.menu.create(body);
  }

  /** Changes a menu item (price, availability, …). Existing orders keep the price they were made at. */
  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @Patch(':id')
  @ApiOkResponse({ type: MenuItemDto })
  @ApiProblemResponses([400, 401, 403, 404, 409])
  update(@Param('id', ParseObjectIdPipe) id: string, @Body() body: UpdateMenuItemDto): Promise<MenuItemDto> {
    return this.menu.update(id, body);
  }

  /** Removes a menu item. */
  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblemResponses([400, 401, 403, 404])
  remove(@Param('id', ParseObjectIdPipe) id: string): Promise<void> {
    return this.menu.remove(id);
  }
}
