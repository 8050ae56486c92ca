import { VerifyCodeDto } from '../../verify/dto/verify-code.dto.js';

/** The verifyToken from `PATCH /api/auth/me` and the code sent to the new number. */
export class ConfirmPhoneDto extends VerifyCodeDto {}
