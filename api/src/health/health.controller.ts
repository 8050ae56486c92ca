import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, MongooseHealthIndicator } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../common/auth/decorators.js';
import { ProblemDetails } from '../common/errors/problem.js';

@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mongoose: MongooseHealthIndicator,
  ) {}

  /** The process is up and serving HTTP (for restarts). */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** The API can do its work: the database answers (for load balancers). */
  @Get('ready')
  @ApiOkResponse({ description: 'Ready' })
  @ApiServiceUnavailableResponse({ type: ProblemDetails, description: 'A dependency is down' })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.mongoose.pingCheck('database', { timeout: 1500 })]);
    } catch (error) {
      const result = (error as { response?: HealthCheckResult }).response;
      const down = Object.keys(result?.error ?? {}).join(', ') || 'unknown';
      throw new ServiceUnavailableException({ type: 'not-ready', message: `Not ready; down: ${down}` });
    }
  }
}
