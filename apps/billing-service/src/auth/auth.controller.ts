import { bearerToken, ZodValidationPipe } from '@llmchain/platform';
import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { LoginDto, loginSchema } from './auth.dto';
import { AuthService } from './auth.service';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Email and password (admins and tenant users) for a bearer session token. */
  @Post('login')
  @HttpCode(200)
  login(@Body(new ZodValidationPipe(loginSchema)) body: LoginDto) {
    return this.auth.login(body.email, body.password);
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Headers('authorization') authorization?: string): Promise<void> {
    const token = bearerToken(authorization);
    if (token) await this.auth.logout(token);
  }
}
