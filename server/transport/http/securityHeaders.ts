import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers (helmet) for the API and the page. The Content-Security-Policy allows what the web
 * client needs and nothing else: its own scripts, styles and connections (socket.io and the document
 * WebSockets are same-origin), inline styles (the editor and the progress bars set them; the printable
 * report has its own <style>), images from itself and data: URLs. `frameAncestors` (FRAME_ANCESTORS) lists
 * who may embed the page: nobody by default.
 */
export function securityHeaders(options: { frameAncestors: string[] }): RequestHandler {
  const embeddable = !(options.frameAncestors.length === 1 && options.frameAncestors[0] === "'none'");
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: options.frameAncestors,
      },
    },
    // X-Frame-Options cannot name other sites: frame-ancestors says it all when the page may be embedded.
    xFrameOptions: embeddable ? false : { action: 'deny' },
    // Invite links carry tokens in the fragment, never in the Referer; still, send no path elsewhere.
    referrerPolicy: { policy: 'no-referrer' },
  });
}
