import {describe, expect, it} from 'vitest';

import {ApiError} from './client';

describe('ApiError', () => {
    it('recognises an endpoint the server does not have', () => {
        expect(new ApiError(404, 'api.context.404.app_error', '').isMissingEndpoint).toBe(true);
        expect(new ApiError(501, 'api.not_implemented', '').isMissingEndpoint).toBe(true);
        expect(new ApiError(404, 'app.channel.get.existing.app_error', '').isMissingEndpoint).toBe(false);
    });
});
