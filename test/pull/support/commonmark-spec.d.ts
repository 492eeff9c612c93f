declare module 'commonmark-spec' {
  /** One example of the CommonMark spec: its Markdown and the HTML it renders to. */
  export interface SpecExample {
    markdown: string;
    html: string;
    section: string;
    number: number;
  }
  const spec: { text: string; tests: SpecExample[] };
  export default spec;
}
