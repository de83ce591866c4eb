//! Example calls for the API reference: a curl line and a JSON answer per
//! operation, drawn from the OpenAPI document's schemas (a schema's own
//! `example` when it gives one, else a skeleton of plausible values).

use serde_json::{Map, Value, json};

/// How deep nested schemas are drawn before an example says `{}`: deeper
/// than any answer goes, and a stop for a schema that holds itself.
const DEPTH: usize = 6;

/// What an operation answers when it works, drawn as an example.
pub struct ExampleAnswer {
    pub status: String,
    pub content_type: String,
    /// Pretty JSON, or words for a body that is not JSON (an image, a CSV file).
    pub body: String,
}

/// Examples drawn from one document's component schemas.
pub struct Examples<'a> {
    schemas: &'a Value,
}

impl<'a> Examples<'a> {
    pub fn new(doc: &'a Value) -> Examples<'a> {
        Examples {
            schemas: &doc["components"]["schemas"],
        }
    }

    /// A value fitting `schema`; `name` is the field it fills, for a
    /// plausible value ("username" → "ann") rather than "string".
    pub fn value(&self, schema: &Value, name: &str) -> Value {
        self.drawn(schema, name, 0)
    }

    fn drawn(&self, schema: &Value, name: &str, depth: usize) -> Value {
        if let Some(example) = schema.get("example") {
            return example.clone();
        }
        if let Some(r) = schema["$ref"].as_str() {
            let target = &self.schemas[r.rsplit('/').next().unwrap_or(r)];
            return if depth >= DEPTH {
                json!({})
            } else {
                self.drawn(target, name, depth + 1)
            };
        }
        if let Some(options) = schema["oneOf"].as_array().or(schema["anyOf"].as_array()) {
            // The first that is not null: an example shows a value.
            let chosen = options
                .iter()
                .find(|o| o["type"] != "null")
                .or(options.first());
            return chosen.map_or(Value::Null, |o| self.drawn(o, name, depth));
        }
        if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
            return first.clone();
        }
        let kind = match &schema["type"] {
            Value::String(t) => t.as_str(),
            Value::Array(ts) => ts
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null")
                .unwrap_or("null"),
            _ if schema["properties"].is_object() => "object",
            _ => "",
        };
        match kind {
            "object" => self.object(schema, depth),
            "array" => {
                let item = self.drawn(&schema["items"], singular(name), depth + 1);
                Value::Array(vec![item])
            }
            "integer" => json!(integer_for(name)),
            "number" => json!(4.5),
            "boolean" => json!(false),
            "string" => json!(string_for(name, schema["format"].as_str())),
            "null" => Value::Null,
            _ => json!({}),
        }
    }

    fn object(&self, schema: &Value, depth: usize) -> Value {
        let mut out = Map::new();
        for (field, property) in schema["properties"].as_object().into_iter().flatten() {
            out.insert(field.clone(), self.drawn(property, field, depth + 1));
        }
        if out.is_empty()
            && let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object())
        {
            out.insert("key".to_string(), self.drawn(values, "", depth + 1));
        }
        Value::Object(out)
    }

    /// `curl` for the operation, with example path values and body; `$DOGEAR`
    /// is the site's address and `$TOKEN` an API token.
    pub fn curl(&self, method: &str, path: &str, op: &Value) -> String {
        let mut url = path.to_string();
        let mut query = Vec::new();
        for p in op["parameters"].as_array().into_iter().flatten() {
            let name = p["name"].as_str().unwrap_or_default();
            let value = match self.value(&p["schema"], name) {
                Value::String(s) => s,
                other => other.to_string(),
            };
            match p["in"].as_str() {
                Some("path") => url = url.replace(&format!("{{{name}}}"), &value),
                Some("query") if p["required"] == true => query.push(format!("{name}={value}")),
                _ => {}
            }
        }
        if !query.is_empty() {
            url = format!("{url}?{}", query.join("&"));
        }
        let mut parts = vec!["curl".to_string()];
        if method != "get" {
            parts.push(format!("-X {}", method.to_uppercase()));
        }
        if signed_in(op) {
            parts.push("-H \"Authorization: Bearer $TOKEN\"".to_string());
        }
        let body = op["requestBody"]["content"]
            .as_object()
            .and_then(|c| c.iter().next());
        if let Some((content_type, body)) = body {
            parts.push(format!("\\\n  -H \"Content-Type: {content_type}\""));
            if content_type == "application/json" {
                let example = self.value(&body["schema"], "").to_string();
                parts.push(format!("\\\n  -d '{}'", example.replace('\'', "'\\''")));
            } else {
                let file = if content_type.starts_with("image/") {
                    "cover.jpg"
                } else {
                    "library.csv"
                };
                parts.push(format!("\\\n  --data-binary @{file}"));
            }
        }
        // A call with a body reads best one option a line; one without, on one.
        let address = format!("\"$DOGEAR/api/v1{url}\"");
        parts.push(if body.is_some() {
            format!("\\\n  {address}")
        } else {
            address
        });
        parts.join(" ")
    }

    /// The first success the operation names, with its example body.
    pub fn answer(&self, op: &Value) -> Option<ExampleAnswer> {
        let (status, response) = op["responses"]
            .as_object()?
            .iter()
            .find(|(status, _)| status.starts_with('2'))?;
        let content = response["content"]
            .as_object()
            .and_then(|c| c.iter().next());
        let (content_type, body) = match content {
            None => (String::new(), "(no body)".to_string()),
            Some((ct, c)) if ct.contains("json") => {
                let value = self.value(&c["schema"], "");
                (
                    ct.clone(),
                    serde_json::to_string_pretty(&value).unwrap_or_default(),
                )
            }
            Some((ct, _)) => (ct.clone(), format!("(the {ct} file itself)")),
        };
        Some(ExampleAnswer {
            status: status.clone(),
            content_type,
            body,
        })
    }
}

/// Whether the operation needs a token (an empty requirement means "or none").
pub fn signed_in(op: &Value) -> bool {
    op["security"].as_array().is_some_and(|s| {
        !s.is_empty()
            && s.iter()
                .all(|r| r.as_object().is_some_and(|o| !o.is_empty()))
    })
}

/// "authors" → "author", for an array's items.
fn singular(name: &str) -> &str {
    name.strip_suffix('s').unwrap_or(name)
}

fn integer_for(name: &str) -> i64 {
    match name {
        "year" => 1871,
        "pages" | "page" => 880,
        "percent" => 40,
        "position" | "rank" | "n" | "number" => 1,
        _ if name.ends_with("_count") || name == "count" || name == "total" => 12,
        _ => 1,
    }
}

fn string_for(name: &str, format: Option<&str>) -> String {
    if format == Some("date-time") || name.ends_with("_at") {
        return "2026-03-01T12:00:00Z".to_string();
    }
    if format == Some("binary") {
        return "(bytes)".to_string();
    }
    if matches!(name, "small" | "medium" | "full") {
        return format!("/covers/1/{name}.jpg");
    }
    let known = match name {
        "username" | "reader" => "ann",
        "password" => "correct horse battery",
        "display_name" => "Ann Reader",
        "title" => "Middlemarch",
        "author" | "name" => "George Eliot",
        "isbn" | "isbn13" => "9780141439549",
        "isbn10" => "0141439548",
        "status" | "shelf" | "slug" => "read",
        "body" | "text" | "note" | "bio" | "description" | "detail" | "message" => {
            "A slow, vast and generous novel."
        }
        "q" | "query" => "eliot",
        "cursor" | "next_cursor" => "c2hlbGY6MjA",
        "started" | "finished" | "date" => "2026-02-14",
        "visibility" => "public",
        "token" => "dg_0123456789abcdef",
        "code" => "not_found",
        "role" => "author",
        "field" => "title",
        "url" | "href" | "location" => "/books/1",
        _ => "text",
    };
    known.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        json!({
            "components": {"schemas": {
                "Book": {"type": "object", "required": ["id"], "properties": {
                    "id": {"type": "integer"},
                    "title": {"type": "string"},
                    "average_rating": {"type": ["number", "null"]},
                    "authors": {"type": "array", "items": {"$ref": "#/components/schemas/Author"}},
                    "cover": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Author"}]},
                    "kind": {"type": "string", "enum": ["paper", "ebook"]},
                    "added_at": {"type": "string"}
                }},
                "Author": {"type": "object", "properties": {"name": {"type": "string"}}},
                "Loop": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Loop"}}},
                "Given": {"type": "object", "example": {"ok": true}}
            }}
        })
    }

    #[test]
    fn skeletons_follow_the_schema_with_plausible_values() {
        let doc = doc();
        let ex = Examples::new(&doc);
        let book = ex.value(&json!({"$ref": "#/components/schemas/Book"}), "");
        assert_eq!(book["id"], 1);
        assert_eq!(book["title"], "Middlemarch");
        assert_eq!(book["average_rating"], 4.5);
        assert_eq!(book["authors"][0]["name"], "George Eliot");
        assert_eq!(book["cover"]["name"], "George Eliot", "not null");
        assert_eq!(book["kind"], "paper");
        assert_eq!(book["added_at"], "2026-03-01T12:00:00Z");
        assert_eq!(
            ex.value(&json!({"$ref": "#/components/schemas/Given"}), ""),
            json!({"ok": true})
        );
        // A schema holding itself stops.
        let looped = ex.value(&json!({"$ref": "#/components/schemas/Loop"}), "");
        assert!(looped.to_string().len() < 200, "{looped}");
    }

    #[test]
    fn curl_fills_the_path_the_token_and_the_body() {
        let doc = doc();
        let ex = Examples::new(&doc);
        let op = json!({
            "parameters": [{"name": "id", "in": "path", "schema": {"type": "integer"}},
                           {"name": "q", "in": "query", "required": true, "schema": {"type": "string"}}],
            "security": [{"bearer": []}],
            "requestBody": {"content": {"application/json": {"schema": {"type": "object",
                "properties": {"body": {"type": "string"}}}}}},
            "responses": {"201": {"description": "made", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Author"}}}},
                "404": {"$ref": "#/components/responses/Problem"}}
        });
        let line = ex.curl("post", "/books/{id}/quotes", &op);
        assert!(
            line.starts_with("curl -X POST -H \"Authorization: Bearer $TOKEN\""),
            "{line}"
        );
        assert!(
            line.contains("-d '{\"body\":\"A slow, vast and generous novel.\"}'"),
            "{line}"
        );
        assert!(
            line.ends_with("\"$DOGEAR/api/v1/books/1/quotes?q=eliot\""),
            "{line}"
        );
        let answer = ex.answer(&op).unwrap();
        assert_eq!(answer.status, "201");
        assert!(answer.body.contains("\"name\": \"George Eliot\""));
        let open = json!({"security": [{}, {"bearer": []}], "responses": {"204": {"description": "gone"}}});
        assert_eq!(
            ex.curl("delete", "/x", &open),
            "curl -X DELETE \"$DOGEAR/api/v1/x\""
        );
        assert_eq!(ex.answer(&open).unwrap().body, "(no body)");
    }
}
