-- Statuses an import brought from another site's custom exclusive shelves
-- ("abandoned") become exclusive shelves of their reader's own, so they are
-- listed, named and chosen like the ones readers make. did-not-finish is
-- built in and needs no shelf.
INSERT INTO shelves (user_id, name, slug, exclusive, created_at)
SELECT ub.user_id, ub.status, ub.status, TRUE, min(ub.added_at)
FROM user_books ub
WHERE ub.status NOT IN ('to-read', 'currently-reading', 'read', 'did-not-finish')
  AND NOT EXISTS (SELECT 1 FROM shelves s WHERE s.user_id = ub.user_id AND s.slug = ub.status)
GROUP BY ub.user_id, ub.status;
