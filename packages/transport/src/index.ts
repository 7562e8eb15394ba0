export { createTransport, type Transport, type TransportOptions } from './create-transport.js';
