//! PDF output. Every page is an SVG document — a map scene's SVG or a district-report page —
//! parsed by usvg with the bundled font as its only font, converted by svg2pdf into a form
//! XObject and placed on its own page with pdf-writer. Text stays selectable text in DejaVu
//! Sans (subset and embedded), so the PDF shows exactly the PNG/SVG's words and colours. The
//! same pages give the same bytes (`pdf_order`).

use atlas_scene::font::{FAMILY, FONT_BYTES};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use svg2pdf::usvg;

/// One page: an SVG document and the page size in PostScript points (1/72 inch).
pub struct PdfPage {
    pub svg: String,
    pub width_pt: f32,
    pub height_pt: f32,
}

/// The page size of an SVG of `w`×`h` pixels at `dpi`.
pub fn page_size(w: u32, h: u32, dpi: f32) -> (f32, f32) {
    let s = 72.0 / dpi.max(1.0);
    (w as f32 * s, h as f32 * s)
}

/// A font database holding only the bundled font, loaded once: output never depends on the
/// fonts a machine happens to have.
fn fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(FONT_BYTES.to_vec());
        Arc::new(db)
    })
    .clone()
}

/// Converts one page's SVG into a PDF chunk and the reference of its XObject.
fn convert(page: &PdfPage, number: usize) -> Result<(pdf_writer::Chunk, Ref), String> {
    let options = usvg::Options {
        font_family: FAMILY.to_owned(),
        fontdb: fontdb(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&page.svg, &options)
        .map_err(|e| format!("page {number}: the drawing could not be read: {e}"))?;
    svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
        .map_err(|e| format!("page {number}: PDF conversion failed: {e}"))
}

/// A PDF document with one page per entry. Pages are converted on all cores.
pub fn to_pdf(pages: &[PdfPage], title: &str) -> Result<Vec<u8>, String> {
    if pages.is_empty() {
        return Err("there is nothing to put in the PDF".into());
    }
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(pages.len());
    let per = pages.len().div_ceil(workers);
    let chunks: Vec<Result<(pdf_writer::Chunk, Ref), String>> = std::thread::scope(|s| {
        let handles: Vec<_> = pages
            .chunks(per)
            .enumerate()
            .map(|(w, part)| {
                s.spawn(move || {
                    part.iter()
                        .enumerate()
                        .map(|(i, p)| convert(p, w * per + i + 1))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|_| vec![Err("a PDF worker stopped unexpectedly".to_owned())])
            })
            .collect()
    });

    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let tree_id = alloc.bump();
    let page_ids: Vec<Ref> = pages.iter().map(|_| alloc.bump()).collect();
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree_id);
    pdf.pages(tree_id)
        .kids(page_ids.iter().copied())
        .count(page_ids.len() as i32);
    let name = Name(b"S1");
    for ((page, &id), converted) in pages.iter().zip(&page_ids).zip(chunks) {
        let (chunk, svg_ref) = converted?;
        let mut map = HashMap::new();
        let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
        let svg_ref = *map
            .get(&svg_ref)
            .ok_or("PDF conversion lost the page's drawing")?;
        let content_id = alloc.bump();
        let (w, h) = (page.width_pt, page.height_pt);
        let mut p = pdf.page(id);
        p.media_box(Rect::new(0.0, 0.0, w, h));
        p.parent(tree_id);
        p.contents(content_id);
        p.resources().x_objects().pair(name, svg_ref);
        p.finish();
        // The XObject is one point square; scale it to the page.
        let mut content = Content::new();
        content.transform([w, 0.0, 0.0, h, 0.0, 0.0]).x_object(name);
        pdf.stream(content_id, &content.finish());
        pdf.extend(&chunk);
    }
    pdf.document_info(alloc.bump())
        .title(TextStr(title))
        .producer(TextStr("Arrival Atlas"));
    let mut bytes = pdf.finish();
    crate::pdf_order::sort_resource_entries(&mut bytes);
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_size_follows_the_dpi() {
        let (w, h) = page_size(3508, 2480, 300.0);
        assert!((w - 842.0).abs() < 1.0 && (h - 595.2).abs() < 1.0);
        assert_eq!(page_size(1920, 1080, 96.0), (1440.0, 810.0));
    }

    #[test]
    fn an_empty_document_is_refused() {
        assert!(to_pdf(&[], "x").is_err());
    }

    #[test]
    fn broken_svg_names_the_page() {
        let ok = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#;
        let pages = [
            PdfPage {
                svg: ok.into(),
                width_pt: 10.0,
                height_pt: 10.0,
            },
            PdfPage {
                svg: "<svg".into(),
                width_pt: 10.0,
                height_pt: 10.0,
            },
        ];
        let e = to_pdf(&pages, "x").unwrap_err();
        assert!(e.starts_with("page 2:"), "{e}");
    }
}
