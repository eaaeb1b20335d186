fn main() {
    let dir = std::path::Path::new(std::env::args().nth(1).as_deref().unwrap_or("corpus")).to_path_buf();
    let corpus = lanzhou_qa::corpus::load(&dir).unwrap();
    let lexicon = lanzhou_qa::lexicon::Lexicon::load(&dir).unwrap();
    let passages = lanzhou_qa::passage::passages(&corpus);
    for p in &passages { let d=&corpus.documents[p.doc]; println!("P{} {:?} [{}..{}] {}", p.id, p.kind, p.span.start, p.span.end, p.span.of(&d.text)); }
    for f in lanzhou_qa::extract::extract_facts(&corpus, &passages, &lexicon) {
        println!("{:>3} {:<28} {:<34} {:?} y={:?} b={:?} e={:?} v={} {} q={:?} s={:?} items={:?}", f.id, f.subject, f.measure, f.kind, f.year, f.base_year, f.end_year, f.value, f.unit, f.qualifier, f.surface, f.items);
    }
}
