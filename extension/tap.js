// Likeback's tap (page world, document_start). Reserved for passing X's own API responses to
// the content script; it has no other effect on the page.
