import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '../common/auth/decorators.js';
import { ApiProblemResponses } from '../common/errors/api-problem-responses.js';
import { Idempotent } from '../common/idempotency/idempotency.interceptor.js';
import { ParseObjectIdPipe } from '../common/validation/parse-object-id.pipe.js';
import { CreateOrderDto } from './dto/create-order.dto.js';
import { ListOrdersQueryDto } from './dto/list-orders-query.dto.js';
import { OrderDto, OrderPageDto } from './dto/order.dto.js';
import { ReplyParamsDto } from './dto/reply-params.dto.js';
import { UpdateOrderStatusDto } from './dto/update-order-status.dto.js';
import { orderFor, orderPageFor } from './order-view.js';
import { OrdersService } from './orders.service.js';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
// Every answer goes through orderFor/orderPageFor: the host link is for staff only.
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  /**
   * Places an order for the signed-in customer. Prices and the total come from the menu.
   * The customer is told by SMS or WhatsApp (their preference) as the order moves along.
   */
  @Roles('customer')
  @Post()
  @Idempotent()
  @ApiCreatedResponse({ type: OrderDto, description: 'The order (the same one again for a repeated idempotencyKey)' })
  @ApiProblemResponses({
    400: 'Invalid input (each field named in `errors`)',
    401: undefined,
    403: undefined,
    409: 'A request with this Idempotency-Key is still running',
    422: 'Unknown or unavailable menu items (each line named in `errors`), or an Idempotency-Key used with a different request',
  })
  place(@CurrentUser() caller: AuthenticatedUser, @Body() body: CreateOrderDto): Promise<OrderDto> {
    return this.orders.place(caller, body).then((order) => orderFor(caller.role, order));
  }

  /** Orders, newest first: a customer sees their own, staff see all. */
  @Roles('customer', 'staff', 'admin')
  @Get()
  @ApiOkResponse({ type: OrderPageDto })
  @ApiProblemResponses([400, 401])
  list(@CurrentUser() caller: AuthenticatedUser, @Query() query: ListOrdersQueryDto): Promise<OrderPageDto> {
    return this.orders.list(caller, query).then((page) => orderPageFor(caller.role, page));
  }

  @Roles('customer', 'staff', 'admin')
  @Get(':id')
  @ApiOkResponse({ type: OrderDto })
  @ApiProblemResponses({ 400: undefined, 401: undefined, 403: "Someone else's order", 404: undefined })
  get(@CurrentUser() caller: AuthenticatedUser, @Param('id', ParseObjectIdPipe) id: string): Promise<OrderDto> {
    return this.orders.get(caller, id).then((order) => orderFor(caller.role, order));
  }

  /** Staff: a customer's text is dealt with (it leaves the open inbox). Idempotent. */
  @Roles('staff', 'admin')
  @Post(':id/replies/:replyId/handled')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: OrderDto })
  @ApiProblemResponses({ 400: undefined, 401: undefined, 403: undefined, 404: 'No such order or reply' })
  markReplyHandled(@Param('id', ParseObjectIdPipe) id: string, @Param() params: ReplyParamsDto): Promise<OrderDto> {
    return this.orders.markReplyHandled(id, params.replyId);
  }

  /**
   * Moves an order along: placed → preparing → ready → completed, or cancelled from placed or
   * preparing. Staff may make any legal move; a customer may cancel their own order while it is placed.
   */
  @Roles('customer', 'staff', 'admin')
  @Patch(':id/status')
  @ApiOkResponse({ type: OrderDto })
  @ApiProblemResponses({
    400: undefined,
    401: undefined,
    403: undefined,
    404: undefined,
    409: 'Not a legal next status',
  })
  changeStatus(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() body: UpdateOrderStatusDto,
  ): Promise<OrderDto> {
    return this.orders.changeStatus(caller, id, body.status).then((order) => orderFor(caller.role, order));
  }
}
