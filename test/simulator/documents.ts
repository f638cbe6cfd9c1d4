// Minimal but valid PDF and well-formed XML renderings of an invoice.

import type { SimInvoice } from './types.ts';
import { decimals2 } from './validation.ts';

/** Strip Vietnamese diacritics so the text fits the standard Helvetica (WinAnsi) font. */
export function toAscii(s: string): string {
	return s
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^\x20-\x7e]/g, '?');
}

function pdfString(s: string): string {
	return '(' + toAscii(s).replace(/\\/g, '\\\\').replace(/\(/g, '\\(').replace(/\)/g, '\\)') + ')';
}

export function paddedNumber(inv: SimInvoice): string {
	return inv.invoice_number.padStart(7, '0');
}

export function fileName(inv: SimInvoice, type: 'pdf' | 'xml'): string {
	return `HD_${paddedNumber(inv)}_${inv.issued_date.replace(/-/g, '')}.${type}`;
}

function formatMoney(n: number): string {
	return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** Build a one-page PDF 1.4 (ASCII only, so byte offsets equal string offsets). */
export function renderPdf(inv: SimInvoice): Buffer {
	const lines: string[] = [
		'HOA DON DIEN TU (SePay simulator)',
		`Mau so: ${inv.template_code}   Ky hieu: ${inv.invoice_series}`,
		`So hoa don: ${paddedNumber(inv)}`,
		`Invoice number: ${inv.invoice_number}`,
		`Ngay: ${inv.issued_date}`,
		`Ma tham chieu: ${inv.reference_code}`,
		`Nguoi mua: ${inv.buyer.name ?? inv.buyer.legal_name ?? ''}`,
		`Ma so thue: ${inv.buyer.tax_code ?? ''}`,
	];
	for (const it of inv.items) {
		if (it.line_type === 4) lines.push(`  ${it.line_number}. ${it.item_name ?? ''}`);
		else
			lines.push(
				`  ${it.line_number}. ${it.item_name ?? ''}  SL ${decimals2(it.quantity ?? 0)}  x  ${decimals2(
					it.unit_price ?? 0,
				)}  =  ${decimals2(it.line_type === 3 ? -it.amount : it.amount)}`,
			);
	}
	lines.push(`Cong tien hang: ${formatMoney(inv.total_before_tax)} ${inv.currency}`);
	lines.push(`Tien thue: ${formatMoney(inv.tax_amount)} ${inv.currency}`);
	lines.push(`Tong thanh toan: ${formatMoney(inv.total_amount)} ${inv.currency}`);
	lines.push(`Total: ${formatMoney(inv.total_amount)} ${inv.currency}`);
	if (inv.tax_authority_code) lines.push(`Ma CQT: ${inv.tax_authority_code}`);

	const textOps = ['BT', '/F1 11 Tf', '14 TL', '50 800 Td'];
	for (const l of lines) textOps.push(`${pdfString(l)} Tj T*`);
	textOps.push('ET');
	const stream = textOps.join('\n');

	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
		`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
		`<< /Title ${pdfString(`Hoa don ${paddedNumber(inv)}`)} /Producer (SePay eInvoice simulator) >>`,
	];
	let out = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((body, i) => {
		offsets.push(out.length);
		out += `${i + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xref = out.length;
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, 'latin1');
}

function x(s: string | number | null | undefined): string {
	return String(s ?? '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

/** Small TT78-flavoured invoice XML (HDon/DLHDon/...), well-formed UTF-8. */
export function renderXml(inv: SimInvoice): Buffer {
	const items = inv.items
		.map(
			(it) =>
				`      <HHDVu><TChat>${it.line_type}</TChat><STT>${it.line_number}</STT><MHHDVu>${x(
					it.item_code,
				)}</MHHDVu><THHDVu>${x(it.item_name)}</THHDVu><DVTinh>${x(it.unit)}</DVTinh><SLuong>${decimals2(
					it.quantity ?? 0,
				)}</SLuong><DGia>${decimals2(it.unit_price ?? 0)}</DGia><ThTien>${decimals2(
					it.amount,
				)}</ThTien><TSuat>${x(it.tax_rate === undefined ? '' : it.tax_rate === -2 ? 'KCT' : it.tax_rate === -1 ? 'KKKNT' : `${it.tax_rate}%`)}</TSuat></HHDVu>`,
		)
		.join('\n');
	const xml = `<?xml version="1.0" encoding="UTF-8"?>
<HDon>
  <DLHDon Id="${x(inv.reference_code)}">
    <TTChung>
      <PBan>2.1.0</PBan>
      <THDon>${x(inv.template_code === '1' ? 'Hóa đơn giá trị gia tăng' : 'Hóa đơn bán hàng')}</THDon>
      <KHMSHDon>${x(inv.template_code)}</KHMSHDon>
      <KHHDon>${x(inv.invoice_series)}</KHHDon>
      <SHDon>${x(inv.invoice_number)}</SHDon>
      <NLap>${x(inv.issued_date)}</NLap>
      <DVTTe>${x(inv.currency)}</DVTTe>
      <HTTToan>${x(inv.payment_method)}</HTTToan>
    </TTChung>
    <NDHDon>
      <NBan><Ten>CONG TY SIMULATOR SEPAY</Ten><MST>0100000000</MST></NBan>
      <NMua><Ten>${x(inv.buyer.legal_name ?? inv.buyer.name)}</Ten><MST>${x(inv.buyer.tax_code)}</MST><DChi>${x(
		inv.buyer.address,
	)}</DChi><HVTNMHang>${x(inv.buyer.name)}</HVTNMHang><DCTDTu>${x(inv.buyer.email)}</DCTDTu></NMua>
      <DSHHDVu>
${items}
      </DSHHDVu>
      <TToan>
        <TgTCThue>${formatMoney(inv.total_before_tax)}</TgTCThue>
        <TgTThue>${formatMoney(inv.tax_amount)}</TgTThue>
        <TgTTTBSo>${formatMoney(inv.total_amount)}</TgTTTBSo>
      </TToan>
    </NDHDon>
  </DLHDon>
  <MCCQT>${x(inv.tax_authority_code)}</MCCQT>
</HDon>
`;
	return Buffer.from(xml, 'utf8');
}
