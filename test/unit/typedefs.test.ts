import 'reflect-metadata';
import { print } from 'graphql';
import {
  Arg,
  Directive,
  Field,
  InputType,
  Int,
  ObjectType,
  Query,
  Resolver,
  buildSchema,
} from 'type-graphql';
import { typeDefsWithDirectives } from '../../src/federation/typedefs';

/** Every place type-graphql's @Directive reaches comes back in the type definitions, in place. */

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A thing.' })
class Thing {
  @Field({ description: 'Its id.' })
  id!: string;

  @Directive('@shareable')
  @Field({ description: 'Its name.' })
  name!: string;

  @Field({ description: 'No directive here.' })
  plain!: string;
}

@Directive('@tag(name: "input")')
@InputType({ description: 'A filter.' })
class ThingFilter {
  @Directive('@inaccessible')
  @Field({ nullable: true, description: 'By name.' })
  name?: string;
}

@Resolver()
class ThingResolver {
  @Directive('@tag(name: "field")')
  @Query(() => [Thing], { description: 'The things.' })
  things(
    @Arg('filter', () => ThingFilter, { nullable: true, description: 'Which.' })
    filter: ThingFilter | null,
    @Directive('@tag(name: "argument")')
    @Arg('limit', () => Int, { nullable: true, description: 'How many.' })
    limit: number | null,
  ): Thing[] {
    const all = [Object.assign(new Thing(), { id: '1', name: 'one', plain: 'p' })];
    return all.filter((t) => !filter?.name || t.name === filter.name).slice(0, limit ?? undefined);
  }
}

describe('typeDefsWithDirectives', () => {
  it('prints the schema with each type, field, input field and argument directive in place', async () => {
    const schema = await buildSchema({ resolvers: [ThingResolver], validate: false });
    const printed = print(typeDefsWithDirectives(schema));
    expect(printed).toContain('type Thing @key(fields: "id") {');
    expect(printed).toContain('name: String! @shareable\n');
    expect(printed).toContain('plain: String!\n');
    expect(printed).toContain('input ThingFilter @tag(name: "input") {');
    expect(printed).toContain('name: String @inaccessible\n');
    expect(printed).toContain('limit: Int @tag(name: "argument")\n');
    expect(printed).toContain('filter: ThingFilter\n');
    expect(printed).toContain('): [Thing!]! @tag(name: "field")\n');
    // Descriptions and everything else printSchema prints are kept.
    expect(printed).toContain('"""Its id."""\n  id: String!');
  });
});
