/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import {defineConfig} from 'vite';

// `npm run dev` proxies the API and WebSocket to a local `outpost serve` (make run).
const server = process.env.OUTPOST_URL ?? 'http://127.0.0.1:8065';

export default defineConfig({
    plugins: [react()],
    build: {
        target: 'es2022',
        sourcemap: false,
        reportCompressedSize: true,
        chunkSizeWarningLimit: 400,
    },
    server: {
        proxy: {
            '/api/v4/websocket': {target: server.replace(/^http/, 'ws'), ws: true},
            '/api': {target: server, changeOrigin: true},
        },
    },
    test: {
        environment: 'jsdom',
        include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.mjs'],
    },
});
