# lanzhou-qa as a container: a release build in a Rust image, then only the binary and
# the shipped corpus in a small distroless image that runs as a non-root user.
#
#   docker build -t lanzhou-qa .
#   docker run --rm -p 8080:8080 -v lanzhou-qa-index:/srv/lanzhou-qa/index lanzhou-qa
#
# The corpus (/srv/lanzhou-qa/corpus) and the index (/srv/lanzhou-qa/index) are volumes:
# mount a folder of articles over the corpus to serve your own; the index is built there
# on the first start and reused while the corpus is unchanged.

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
# The manifest first, so the dependencies are compiled in a layer of their own that
# source changes do not invalidate.
COPY Cargo.toml Cargo.lock build.rs ./
RUN mkdir -p src benches \
    && echo 'fn main() {}' > src/main.rs \
    && touch src/lib.rs benches/ask.rs \
    && cargo build --release --locked --bin lanzhou-qa \
    && rm -rf src benches
COPY src ./src
COPY assets ./assets
COPY benches ./benches
# The copied sources may be older than the placeholder build, so they are touched to make
# cargo rebuild the crate (and rerun build.rs, which hashes them into the index fingerprint).
RUN find src -type f -exec touch {} + \
    && cargo build --release --locked --bin lanzhou-qa \
    && mkdir /out /out/index \
    && cp target/release/lanzhou-qa /out/lanzhou-qa

FROM gcr.io/distroless/cc-debian12:nonroot
WORKDIR /srv/lanzhou-qa
COPY --from=build /out/lanzhou-qa /usr/local/bin/lanzhou-qa
# 65532 is the distroless image's "nonroot" user.
COPY --chown=65532:65532 corpus ./corpus
COPY --from=build --chown=65532:65532 /out/index ./index
USER 65532:65532
ENV LANZHOU_QA_ADDR=0.0.0.0:8080
EXPOSE 8080
VOLUME ["/srv/lanzhou-qa/corpus", "/srv/lanzhou-qa/index"]
ENTRYPOINT ["/usr/local/bin/lanzhou-qa"]
CMD ["serve", "--corpus", "/srv/lanzhou-qa/corpus", "--index", "/srv/lanzhou-qa/index"]
