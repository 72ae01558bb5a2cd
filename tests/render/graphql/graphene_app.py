"""A bookshop's GraphQL schema in Graphene: docgen reads it, never imports it.

graphene_app.graphql is what Graphene printed for ``big_schema`` when this file was written
(``print(graphene_app.big_schema)``, Graphene installed in a virtualenv of its own).
"""

import graphene


class Genre(graphene.Enum):
    FICTION = "fiction"
    HISTORY = "history"


class Book(graphene.ObjectType):
    """A book in the catalogue."""

    id = graphene.ID(required=True)
    title = graphene.String(required=True)
    genre = graphene.Field(Genre)
    page_count = graphene.Int(description="Number of pages.")
    tags = graphene.List(graphene.NonNull(graphene.String))


class BookInput(graphene.InputObjectType):
    title = graphene.String(required=True)
    genre = Genre(default_value="fiction")


class Query(graphene.ObjectType):
    books = graphene.List(Book, limit=graphene.Int(default_value=10), description="All books.")
    book = graphene.Field(Book, id=graphene.ID(required=True))

    def resolve_book(root, info, id):
        """One book by id."""


class AddBook(graphene.Mutation):
    class Arguments:
        book = BookInput(required=True)

    ok = graphene.Boolean()
    book = graphene.Field(Book)

    def mutate(root, info, book):
        return AddBook(ok=True)


class Mutation(graphene.ObjectType):
    add_book = AddBook.Field()


class Node(graphene.Interface):
    id = graphene.ID(required=True)


class Review(graphene.ObjectType):
    """A reader's review.

    Reviews are moderated before they appear.
    """

    class Meta:
        interfaces = (Node,)
        name = "BookReview"

    stars = graphene.Int(required=True, deprecation_reason="Use rating.")
    rating = graphene.Float()


class Unused(graphene.ObjectType):
    x = graphene.Int()


class RootQuery(Query):
    reviews = graphene.List(
        graphene.NonNull(Review),
        book_id=graphene.Argument(graphene.ID, required=True, description="The book's id."),
        first=graphene.Int(default_value=5),
    )


big_schema = graphene.Schema(query=RootQuery, mutation=Mutation)
