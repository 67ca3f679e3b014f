import { bearerToken, ZodValidationPipe } from '@llmchain/platform';
import { Body, Controller, Headers, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { BILLING_CONFIG, BillingConfig } from '../config/billing-config';
import { LoginDto, loginSchema } from './auth.dto';
import { AuthService } from './auth.service';
import { clientAddress, ClientRequest } from './client-address';
import { LoginThrottledException } from './login-throttled.exception';

@Controller('auth')
export class AuthController {
  private readonly trustedProxies: ReadonlySet<string>;

  constructor(
    private readonly auth: AuthService,
    @Inject(BILLING_CONFIG) config: BillingConfig,
  ) {
    this.trustedProxies = new Set(config.LOGIN_TRUSTED_PROXIES);
  }

  /** Email and password (admins and tenant users) for a bearer session token; 429 with Retry-After when throttled. */
  @Post('login')
  @HttpCode(200)
  async login(@Body(new ZodValidationPipe(loginSchema)) body: LoginDto, @Req() request: ClientRequest, @Res({ passthrough: true }) response: { setHeader(name: string, value: string): void }) {
    try {
      return await this.auth.login(body.email, body.password, clientAddress(request, this.trustedProxies));
    } catch (error) {
      if (error instanceof LoginThrottledException) response.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Headers('authorization') authorization?: string): Promise<void> {
    const token = bearerToken(authorization);
    if (token) await this.auth.logout(token);
  }
}
