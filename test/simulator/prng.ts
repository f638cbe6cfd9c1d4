// Small seedable PRNG (mulberry32) plus UUID/token helpers. No Math.random anywhere.

export class Prng {
	private state: number;

	constructor(seed: number) {
		this.state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
	}

	/** Float in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** Integer in [min, max] inclusive. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	bytes(n: number): number[] {
		const out: number[] = [];
		for (let i = 0; i < n; i++) out.push(Math.floor(this.next() * 256));
		return out;
	}

	hex(nBytes: number): string {
		return this.bytes(nBytes)
			.map((b) => b.toString(16).padStart(2, '0'))
			.join('');
	}

	/** UUID v4-shaped string. */
	uuid(): string {
		const b = this.bytes(16);
		b[6] = (b[6]! & 0x0f) | 0x40;
		b[8] = (b[8]! & 0x3f) | 0x80;
		const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
		return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
	}

	/** Opaque, URL-safe random token. */
	token(nBytes = 32): string {
		return Buffer.from(this.bytes(nBytes)).toString('base64url');
	}
}
